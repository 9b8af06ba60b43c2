// 5. Metrics (metrics.ts), the plan: which client tracks what, and how many points each series gets. It is drawn
// in TypeScript from md5s, so it is the same at every run; the rows themselves are made in SQL from generate_series.
import { starterTemplates } from "../../src/domain/metrics.js";
import { NEIGHBOUR_CLIENTS } from "./clients.js";
import { md5hex, md5Uuid } from "./md5.js";
import type { Scale } from "./section.js";

export const METRIC_CLIENTS = 500;
const HEAVY_SHARE = 0.2;
export const HEAVY_DAYS = 548;
export const DAILY_DAYS = 90;
const TEXT_SHARE = 0.003;
const NEIGHBOUR_METRIC_PRACTICES = 40;
export const NEIGHBOUR_METRIC_CLIENTS = 5;
export const heavyTemplateName = "Pain level";
export const heavyOtherTemplates = ["Mood", "Sleep", "How do you feel?"];
const severalTemplates = ["Pain level", "Mood", "Weight", "Sleep", "Steps", "Hydration", "How do you feel?"];
export const dailyTemplateNames = ["Pain level", "Weight"];
export const neighbourTemplates = ["Pain level", "Mood", "How do you feel?"];

/** How a template's values look: a start drawn in `start`, a change over the series drawn in `drift`, noise of about `noise`. */
type MetricShape = { start: [number, number]; drift: [number, number]; noise: number; popularity: number };
const metricShapes: Record<string, MetricShape> = {
  "Pain level": { start: [5, 8.5], drift: [-5, -0.5], noise: 1.1, popularity: 55 },
  "Mood": { start: [1.8, 3.2], drift: [0.3, 1.8], noise: 0.6, popularity: 35 },
  "Weight": { start: [55, 105], drift: [-6, 2], noise: 0.5, popularity: 25 },
  "Sleep": { start: [5, 7.5], drift: [0, 1.5], noise: 0.8, popularity: 30 },
  "Steps": { start: [2500, 9000], drift: [0, 4000], noise: 2200, popularity: 20 },
  "Blood pressure (systolic)": { start: [118, 160], drift: [-18, 0], noise: 7, popularity: 12 },
  "Blood pressure (diastolic)": { start: [72, 100], drift: [-10, 0], noise: 5, popularity: 12 },
  "Hydration": { start: [0.8, 2], drift: [0, 1.2], noise: 0.35, popularity: 10 },
  "Range of motion": { start: [50, 120], drift: [10, 60], noise: 4, popularity: 20 },
};
const TEXT_POPULARITY = 30;

/** A number in [0, 1) from a label. */
const unit = (label: string) => parseInt(md5hex(label).slice(0, 8), 16) / 2 ** 32;
const between = ([lo, hi]: [number, number], label: string) => lo + (hi - lo) * unit(label);

export type Series = {
  key: string; practice: number; clientId: string; templateId: string; text: boolean; n: number;
  /** Seconds before now() of the first and the last point; regular = evenly spaced, else jittered. */
  startAgo: number; endAgo: number; regular: boolean;
  start: number; drift: number; noise: number; cycles: number; phase: number;
  step: number; min: number | null; max: number | null; byClient: boolean;
};

export const templateId = (practice: number, k: number) => md5Uuid(`bench-metric-template:${practice}:${k}`);
const DAY_S = 86_400;

/** The starter templates as seeded: k numbers them in their ids, md5('bench-metric-template:' || p || ':' || k). */
export const seededTemplates = starterTemplates.map((t, i) => ({ ...t, k: i + 1 }));
type SeededTemplate = (typeof seededTemplates)[number];

export function templateByName(name: string) {
  const t = seededTemplates.find((x) => x.name === name);
  if (!t) throw new Error(`metrics seed: no starter template "${name}" in src/domain/metrics.ts`);
  return t;
}

/** Which client tracks which template, and when it was assigned (cards come in that order). */
export type Assignment = { practice: number; clientId: string; k: number; weight: number; label: string };

/** The plan for the picks (pick 1 the heavy client, pick 2 the several client) and the daily client. */
export function planMetrics(picks: string[], daily: string, scale: Scale) {
  const [heavy] = picks as [string];
  const neighbourPractices = scale.practices > 1 && NEIGHBOUR_CLIENTS >= NEIGHBOUR_METRIC_CLIENTS ? Math.min(NEIGHBOUR_METRIC_PRACTICES, scale.practices - 1) : 0;
  const assignments = assignTemplates(picks, daily, neighbourPractices);
  const { live, heavyN, heavyK } = planSeries(assignments, heavy, daily, scale.metrics);
  return { assignments, live, heavy, heavyK, heavyN, neighbourPractices };
}

function assignTemplates(picks: string[], daily: string, neighbourPractices: number): Assignment[] {
  const [heavy, several] = picks as [string, string];
  const assignments: Assignment[] = [];
  const assign = (practice: number, clientId: string, k: number) => assignments.push({ practice, clientId, k, label: `${practice}:${clientId}:${k}`, weight: 1 + Math.floor(unit(`bench-metric-weight:${clientId}:${k}`) * 100) });
  for (const [i, clientId] of picks.entries()) {
    if (clientId === heavy) for (const name of [heavyTemplateName, ...heavyOtherTemplates]) assign(1, clientId, templateByName(name).k);
    else if (clientId === several) for (const name of severalTemplates) assign(1, clientId, templateByName(name).k);
    else {
      // At least one numeric template each; the two blood pressures go together.
      const numeric = seededTemplates.filter((t) => t.type !== "text");
      const must = numeric[Math.floor(unit(`bench-metric-must:${clientId}`) * numeric.length)]!.k;
      for (const t of seededTemplates) {
        const pop = t.type === "text" ? TEXT_POPULARITY : metricShapes[t.name]?.popularity ?? 15;
        const draw = unit(`bench-metric-assign:${clientId}:${/^Blood pressure/.test(t.name) ? "bp" : t.k}:${i % 7}`) * 100;
        if (t.k === must || draw < pop) assign(1, clientId, t.k);
      }
    }
  }
  for (const name of dailyTemplateNames) assign(1, daily, templateByName(name).k);
  const neighbourClientId = (p: number, i: number) => md5Uuid(`bench-client:${p}:${i}`);
  for (let p = 2; p < 2 + neighbourPractices; p++) {
    for (let i = 1; i <= NEIGHBOUR_METRIC_CLIENTS; i++) for (const name of neighbourTemplates) assign(p, neighbourClientId(p, i), templateByName(name).k);
  }
  return assignments;
}

/** The series and how many points each gets. */
function planSeries(assignments: Assignment[], heavy: string, daily: string, total: number) {
  const heavyN = Math.floor(total * HEAVY_SHARE);
  const dailyN = DAILY_DAYS * dailyTemplateNames.length;
  const textN = Math.floor(total * TEXT_SHARE);
  const restN = Math.max(0, total - heavyN - dailyN - textN);
  const series: Series[] = [];
  const makeSeries = (a: Assignment, n: number, startAgo: number, endAgo: number, regular: boolean, byClient: boolean) => {
    series.push(seriesOf(a, n, startAgo, endAgo, regular, byClient));
  };
  const heavyK = templateByName(heavyTemplateName).k;
  const benchOrdinary = assignments.filter((a) => a.practice === 1 && a.clientId !== daily && !(a.clientId === heavy && a.k === heavyK));
  const numericOrdinary = benchOrdinary.filter((a) => seededTemplates[a.k - 1]!.type !== "text");
  const textOrdinary = benchOrdinary.filter((a) => seededTemplates[a.k - 1]!.type === "text");
  const heavyAssignment = assignments.find((a) => a.clientId === heavy && a.k === heavyK)!;
  makeSeries(heavyAssignment, heavyN, HEAVY_DAYS * DAY_S, 120, false, true);
  for (const a of assignments.filter((x) => x.clientId === daily)) makeSeries(a, DAILY_DAYS, (DAILY_DAYS - 1) * DAY_S + 3 * 3600, 3 * 3600, true, false);
  share(numericOrdinary, restN).forEach((n, i) => { const a = numericOrdinary[i]!; makeSeries(a, n, ...ordinaryWindow(a.label), false, unit(`bench-metric-by:${a.label}`) < 0.2); });
  share(textOrdinary, textN).forEach((n, i) => { const a = textOrdinary[i]!; makeSeries(a, n, ...ordinaryWindow(a.label), false, unit(`bench-metric-by:${a.label}`) < 0.5); });
  for (const a of assignments.filter((x) => x.practice > 1)) {
    const t = seededTemplates[a.k - 1]!;
    makeSeries(a, t.type === "text" ? 5 : t.name === heavyTemplateName ? 60 : 40, ...ordinaryWindow(a.label), false, false);
  }
  return { live: series.filter((s) => s.n > 0), heavyN, heavyK };
}

function seriesOf(a: Assignment, n: number, startAgo: number, endAgo: number, regular: boolean, byClient: boolean): Series {
  const t = seededTemplates[a.k - 1]!;
  const s = shape(t);
  return {
    key: a.label, practice: a.practice, clientId: a.clientId, templateId: templateId(a.practice, a.k), text: t.type === "text", n, startAgo, endAgo, regular,
    start: between(s.start, `bench-metric-start:${a.label}`), drift: between(s.drift, `bench-metric-drift:${a.label}`), noise: s.noise,
    cycles: 2 + Math.floor(unit(`bench-metric-cycles:${a.label}`) * 10), phase: unit(`bench-metric-phase:${a.label}`) * 6.283,
    step: t.step ?? 0.01, min: t.minValue, max: t.maxValue, byClient,
  };
}

function shape(t: SeededTemplate): MetricShape {
  return metricShapes[t.name] ?? {
    start: [(t.minValue ?? 0) + 0.4 * ((t.maxValue ?? 100) - (t.minValue ?? 0)), (t.minValue ?? 0) + 0.6 * ((t.maxValue ?? 100) - (t.minValue ?? 0))],
    drift: [0, 0], noise: 0.05 * ((t.maxValue ?? 100) - (t.minValue ?? 0)), popularity: 15,
  };
}

/** Over the past year; three in ten start up to six months late, one in seven stopped one to seven months ago. */
function ordinaryWindow(label: string): [number, number] {
  const first = 365 - (unit(`bench-metric-late:${label}`) < 0.3 ? unit(`bench-metric-late-by:${label}`) * 180 : 0);
  const last = unit(`bench-metric-stopped:${label}`) < 0.15 ? Math.min(first - 30, 30 + unit(`bench-metric-stopped-at:${label}`) * 180)
    : unit(`bench-metric-end:${label}`) * 2;
  return [Math.round(first * DAY_S), Math.round(last * DAY_S) + 600];
}

/** count_i = floor(N * cum_i / W) - floor(N * cum_(i-1) / W): the counts add up to N exactly. */
function share(list: Assignment[], n: number) {
  const w = list.reduce((sum, a) => sum + a.weight, 0);
  let cum = 0;
  return list.map((a) => {
    const before = Math.floor((n * cum) / w);
    cum += a.weight;
    return Math.floor((n * cum) / w) - before;
  });
}
