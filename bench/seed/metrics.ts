// 5. Metrics: scale.metrics points in the bench practice, and a few in other practices.
//
// The bench practice gets the ten starter templates (src/domain/metrics.ts: pain 0-10, mood 1-5, weight,
// sleep, steps, blood pressure, hydration, range of motion, "How do you feel?"). METRIC_CLIENTS active clients
// (in md5 order) track some of them, mostly one to four by popularity, and three have a part to play:
//   - pick 1, "the heavy client": a fifth of scale.metrics for Pain level (200,000 at 1,000,000) over the past
//     HEAVY_DAYS (~1.5 years; every ~4 minutes at the default), logged by the client, plus three ordinary series;
//   - pick 2, "the several client": seven templates with ordinary series (the client page with many cards);
//   - the client after the picks, "the daily client": Pain level and Weight, exactly DAILY_DAYS daily points each,
//     ending a few hours ago: the 90-day card the logging answer is weighed on (one more point once logged).
// The rest of the volume (text entries apart: TEXT_SHARE of it) is shared out over every other series of the
// picks by an md5 weight, each series over the past year (some start later or stopped months ago). Values are
// a trend from a drawn start, a slow wave and noise, rounded to the template's step and kept in its bounds.
// Rows go in in time order across all series, as an app logging them over time would lay them in the heap.
// Other practices: NEIGHBOUR_METRIC_PRACTICES of them with pain, mood and text, five clients each, ~100 points a client.
// The plan (which client tracks what, how many points) is drawn in TypeScript from md5s, so it is the same
// at every run; the rows themselves are made in SQL from generate_series.
// The plan (which client tracks what, how many points) is in metric-plan.ts.
import type postgres from "postgres";
import { benchPracticeSql as P } from "./accounts.js";
import { u32 } from "./md5.js";
import {
  DAILY_DAYS, dailyTemplateNames, HEAVY_DAYS, heavyTemplateName, METRIC_CLIENTS, NEIGHBOUR_METRIC_CLIENTS, neighbourTemplates, planMetrics,
  seededTemplates, templateId, type Assignment, type Series,
} from "./metric-plan.js";
import { notYet, type Scale, type SectionReport, type SeedContext } from "./section.js";

const feelings = ["Stiff in the mornings.", "Much better this week!", "Slept badly, back a bit sore.", "Walked 5 km without pain.",
  "Flare-up after gardening.", "Exercises are getting easier.", "Tired but the pain is lower.", "Forgot the stretches twice, sorry.",
  "Neck tight after a long week at the desk.", "Best week in months."];

/** The bench practice's active clients in the order the metrics section picks them (the same query for seed and fixtures). */
export function metricPicks(sql: postgres.Sql, limit: number) {
  return sql<{ id: string }[]>`
    select id from clients where practice_id = md5('bench-practice:1')::uuid and status = 'active'
    order by md5('bench-metric-pick:' || id) limit ${limit}`;
}

/** A value as text for a text[] parameter (the SQL casts it back), null kept. */
const str = (v: number | string | null) => (v === null ? null : String(v));

export async function seedMetrics(sql: postgres.Sql, scale: Scale, _ctx: SeedContext): Promise<SectionReport> {
  const started = performance.now();
  const picks = (await metricPicks(sql, METRIC_CLIENTS + 1)).map((r) => r.id);
  if (scale.metrics === 0 || picks.length < 3) {
    return scale.metrics > 0 ? { section: "metrics", status: "skipped", rows: {}, ms: 0, note: `${scale.metrics} requested, but fewer than 3 active clients to track them` } : notYet("metrics", 0);
  }
  const daily = picks.pop()!; // the client after the picks: it tracks nothing else
  const { assignments, live, heavy, heavyK, heavyN, neighbourPractices } = planMetrics(picks, daily, scale);

  const counts = await sql.begin(async (tx) => {
    await tx`set local work_mem = '256MB'`;
    await insertTemplates(tx, neighbourPractices);
    await insertAssignments(tx, assignments);
    const rollup = await insertPoints(tx, live);
    return countMetrics(tx, heavy, heavyK, rollup);
  });
  return {
    section: "metrics",
    status: "seeded",
    rows: { ...counts, series: live.length },
    ms: Math.round(performance.now() - started),
    note: `${seededTemplates.length} templates, ${picks.length} clients tracking in the bench practice; heavy client ${heavyN} ${heavyTemplateName} points over ${HEAVY_DAYS} days `
      + `(every ~${Math.round((HEAVY_DAYS * 24 * 60) / Math.max(1, heavyN) * 10) / 10} min); daily client ${DAILY_DAYS} days of ${dailyTemplateNames.join(" and ")}; `
      + `${neighbourPractices} other practices with ${NEIGHBOUR_METRIC_CLIENTS} tracking clients each`,
  };
}

/** Templates: all ten in the bench practice, pain, mood and text in the neighbours that track metrics. */
async function insertTemplates(tx: postgres.TransactionSql, neighbourPractices: number) {
  const usedPractices = [1, ...Array.from({ length: neighbourPractices }, (_, i) => i + 2)];
  await tx.unsafe(`
    insert into metric_templates (id, practice_id, name, unit, type, min_value, max_value, step, better, description, created_at, updated_at)
    select md5('bench-metric-template:' || p || ':' || t.k)::uuid, md5('bench-practice:' || p)::uuid, t.name, t.unit, t.type,
           t.min_value::numeric, t.max_value::numeric, t.step::numeric, t.better, t.description,
           now() - interval '600 days' + make_interval(mins => t.k::int), now() - interval '600 days' + make_interval(mins => t.k::int)
    from unnest($1::int[]) as p
    cross join unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
      as t(k, name, unit, type, min_value, max_value, step, better, description)
    where p = 1 or t.name = any($11::text[])`,
    [usedPractices, seededTemplates.map((t) => t.k), seededTemplates.map((t) => t.name), seededTemplates.map((t) => t.unit), seededTemplates.map((t) => t.type),
      seededTemplates.map((t) => str(t.minValue)), seededTemplates.map((t) => str(t.maxValue)), seededTemplates.map((t) => str(t.step)), seededTemplates.map((t) => t.better),
      seededTemplates.map((t) => t.description), neighbourTemplates] as never[]);
}

/** Assignments, a year and a half ago (in template order: the cards' order). */
async function insertAssignments(tx: postgres.TransactionSql, assignments: Assignment[]) {
  await tx.unsafe(`
    insert into client_metric_templates (id, practice_id, client_id, metric_template_id, created_at)
    select md5('bench-metric-assignment:' || a.p || ':' || a.client_id || ':' || a.k)::uuid, md5('bench-practice:' || a.p)::uuid, a.client_id,
           md5('bench-metric-template:' || a.p || ':' || a.k)::uuid, now() - interval '${HEAVY_DAYS + 2} days' + make_interval(mins => a.k)
    from unnest($1::int[], $2::uuid[], $3::int[]) as a(p, client_id, k)`,
    [assignments.map((a) => a.practice), assignments.map((a) => a.clientId), assignments.map((a) => a.k)] as never[]);
}

// One md5 per row (its id; its noise and jitter from r1..r3): OFFSET 0 keeps each lateral from being inlined,
// so the md5 is not computed again for every use. x is the position in the series (0..1).
const pointValueSql = `s.start + s.drift * x.x + 0.35 * s.noise * sin(x.x * s.cycles * 6.2832 + s.phase) + s.noise * ((r.r1 % 1001 + r.r2 % 1001) / 1000::float8 - 1)`;
const pointsSql = `
  insert into client_metrics (id, practice_id, client_id, metric_template_id, value_num, value_text, recorded_at, recorded_by_user_id, source, created_at)
  select r.h::uuid, md5('bench-practice:' || s.p)::uuid, s.client_id, s.template_id,
         case when not s.text then least(coalesce(s.max::numeric, 'infinity'), greatest(coalesce(s.min::numeric, '-infinity'), round((${pointValueSql})::numeric / s.step::numeric) * s.step::numeric)) end,
         case when s.text then ($15::text[])[1 + r.r3 % ${feelings.length}] end,
         x.at,
         case when not s.by_client then md5('bench-user:' || s.p)::uuid end,
         case when s.by_client then 'client' else 'practitioner' end,
         x.at + make_interval(secs => (r.r3 % 90)::int)
  -- Booleans as text: postgres.js does not serialize a JS boolean array as bool[].
  from unnest($1::text[], $2::int[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::int[], $8::int[], $9::text[],
              $10::float8[], $11::float8[], $12::float8[], $13::int[], $14::float8[], $16::text[], $17::text[], $18::text[], $19::text[])
    as s0(key, p, client_id, template_id, text_s, n, start_ago, end_ago, regular_s, start, drift, noise, cycles, phase, step, min, max, by_client_s)
  cross join lateral (select s0.*, s0.text_s::bool as text, s0.regular_s::bool as regular, s0.by_client_s::bool as by_client) as s
  cross join lateral generate_series(1, s.n) as j
  cross join lateral (
    select hj.h, ${u32("hj.h", 0)} as r0, ${u32("hj.h", 1)} as r1, ${u32("hj.h", 2)} as r2, ${u32("hj.h", 3)} as r3
    from (select md5('bench-metric:' || s.key || ':' || j) as h offset 0) as hj
    offset 0
  ) as r
  cross join lateral (
    select (j - 0.5::float8) / s.n as x,
           -- Evenly from the first instant to the last (regular), or one point somewhere in each n-th of the span.
           now() - make_interval(secs => s.start_ago)
             + make_interval(secs => (s.start_ago - s.end_ago)::float8 * case
                 when s.regular then case when s.n = 1 then 1 else (j - 1)::float8 / (s.n - 1) end
                 else ((j - 1) + (r.r0 % 1000) / 1000::float8) / s.n end) as at
    offset 0
  ) as x
  order by x.at`;

// The points, in time order across all series. The table's plain indexes (the series and template ones the
// charts read) are kept and grow as the app's would, page splits included. Its primary key and (practice_id, id)
// unique key, on random uuids, are dropped for the insert and put back from their catalog definitions (they come
// back compact rather than a third larger). The foreign keys stay, but as a superuser (the default bench
// connection) their 4,000,000 row checks are skipped (session_replication_role = replica) and checked once,
// below, with anti-joins: altering them would lock the referenced tables the sessions section, seeded
// alongside, is writing (a deadlock).
async function insertPoints(tx: postgres.TransactionSql, live: Series[]) {
  const keys = await tx<{ name: string; def: string }[]>`
    select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
    where conrelid = 'client_metrics'::regclass and contype in ('p', 'u') order by conname`;
  for (const k of keys) await tx.unsafe(`alter table client_metrics drop constraint "${k.name}"`);
  const [{ superuser } = { superuser: false }] = await tx<{ superuser: boolean }[]>`select current_setting('is_superuser') = 'on' as superuser`;
  if (superuser) await tx`set local session_replication_role = replica`;
  await tx.unsafe(pointsSql,
    [live.map((s) => s.key), live.map((s) => s.practice), live.map((s) => s.clientId), live.map((s) => s.templateId), live.map((s) => String(s.text)),
      live.map((s) => s.n), live.map((s) => s.startAgo), live.map((s) => s.endAgo), live.map((s) => String(s.regular)),
      live.map((s) => s.start), live.map((s) => s.drift), live.map((s) => s.noise), live.map((s) => s.cycles), live.map((s) => s.phase),
      feelings, live.map((s) => String(s.step)), live.map((s) => str(s.min)), live.map((s) => str(s.max)), live.map((s) => String(s.byClient))] as never[]);
  for (const k of keys) await tx.unsafe(`alter table client_metrics add constraint "${k.name}" ${k.def}`);
  const rollup = await rollUpMetricDays(tx);
  if (superuser) await checkPointReferences(tx);
  return rollup;
}

// The daily roll-up the charts read (drizzle 0008, client_metric_days), when this schema has it: the app keeps it
// in step on every insert and rebuilds it after bulk loads (rebuildMetricDays in src/queries/metrics.ts); this is
// that rebuild's SQL for every series at once (UTC days, numeric values only). Keep the two the same.
async function rollUpMetricDays(tx: postgres.TransactionSql): Promise<boolean> {
  const [{ rollup } = { rollup: false }] = await tx<{ rollup: boolean }[]>`select to_regclass('public.client_metric_days') is not null as rollup`;
  if (rollup) {
    await tx`
      insert into client_metric_days (practice_id, client_id, metric_template_id, day, n, sum, min, max)
      select practice_id, client_id, metric_template_id, (recorded_at at time zone 'UTC')::date, count(*)::int,
             sum(value_num)::float8, min(value_num)::float8, max(value_num)::float8
      from client_metrics
      where value_num is not null
      group by practice_id, client_id, metric_template_id, (recorded_at at time zone 'UTC')::date`;
    const [day] = await tx<{ rolled: number; raw: number }[]>`
      select (select coalesce(sum(n), 0)::int from client_metric_days) as rolled, (select count(*)::int from client_metrics where value_num is not null) as raw`;
    if (day!.rolled !== day!.raw) throw new Error(`metrics seed: client_metric_days counts ${day!.rolled} values, client_metrics holds ${day!.raw}`);
  }
  return rollup;
}

/** The foreign keys the insert skipped (session_replication_role = replica), checked once with anti-joins. */
async function checkPointReferences(tx: postgres.TransactionSql) {
  await tx`set local session_replication_role = origin`;
  const [orphans] = await tx<{ n: number }[]>`
    select count(*)::int as n from client_metrics as m
    where not exists (select 1 from clients as c where c.practice_id = m.practice_id and c.id = m.client_id)
       or not exists (select 1 from metric_templates as t where t.practice_id = m.practice_id and t.id = m.metric_template_id)
       or not exists (select 1 from practices as p where p.id = m.practice_id)
       or (m.recorded_by_user_id is not null and not exists (select 1 from users as u where u.id = m.recorded_by_user_id))`;
  if (orphans!.n) throw new Error(`metrics seed: ${orphans!.n} points whose client, template, practice or author does not exist`);
}

async function countMetrics(tx: postgres.TransactionSql, heavy: string, heavyK: number, rollup: boolean) {
  const [row] = await tx.unsafe<Record<string, number>[]>(`
    select (select count(*)::int from metric_templates) as metric_templates,
           (select count(*)::int from client_metric_templates) as assignments,
           (select count(distinct client_id)::int from client_metric_templates where practice_id = ${P}) as bench_tracking_clients,
           (select count(*)::int from client_metrics) as client_metrics,
           (select count(*)::int from client_metrics where practice_id = ${P}) as bench_practice_points,
           (select count(*)::int from client_metrics where practice_id = ${P} and value_text is not null) as bench_text_entries,
           (select count(*)::int from client_metrics where practice_id = ${P} and client_id = $1::uuid and metric_template_id = $2::uuid) as heavy_series_points,
           (select count(*)::int from client_metrics where practice_id = ${P} and client_id = $1::uuid and metric_template_id = $2::uuid
              and recorded_at >= now() - interval '365 days') as heavy_points_last_year,
           (select count(*)::int from client_metrics where practice_id <> ${P}) as other_practice_points,
           ${rollup ? "(select count(*)::int from client_metric_days)" : "0"} as metric_day_rows`,
    [heavy, templateId(1, heavyK)] as never[]);
  return row!;
}
