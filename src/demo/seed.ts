// The demo practice: obviously fake people (example.test emails, 07700 900xxx drama-range phones), so
// nobody mistakes it for real data. Later issues add their sections (sessions, packages, metrics) below.
import { and, count, eq, gt } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { clientMetrics, users } from "../db/schema.js";
import { registerPractitioner } from "../domain/accounts.js";
import { createClient } from "../domain/clients.js";
import { createService } from "../domain/services.js";
import { createSoapNote, reviseSoapNote } from "../domain/soap-notes.js";
import { findUserByEmail, insertUser } from "../queries/users.js";
import { linkPortalUser } from "../queries/portal-accounts.js";
import { hashPassword } from "../auth/password.js";
import { checkIn, createSessions, setAttendance } from "../domain/booking.js";
import { setSessionStatus } from "../domain/session-status.js";
import { createSeries } from "../domain/series.js";
import { enrollClient } from "../domain/credits.js";
import { payVisitInFull, recordPayment } from "../domain/payments.js";
import { createProgram } from "../domain/programs.js";
import { createTemplate, starterTemplates, trackMetric } from "../domain/metrics.js";
import { createFollowUp } from "../domain/follow-ups.js";
import { updatePracticeSettings } from "../queries/practices.js";
import { insertMetricsBulk, type insertMetric } from "../queries/metrics.js";
import { addDays, isoWeekday, todayIn, weekOf, zonedInstant } from "../lib/time.js";
import type { Client, MetricTemplate, Practice, Program, Service } from "../db/schema.js";

export const demoLogin = { email: "demo@practice.test", password: "demo-practice-2026" } as const;
/** The first demo client (Ada Testwood) has a portal login too, so the client's side can be tried at once. */
export const demoClientLogin = { email: "ada.testwood@example.test", password: "demo-client-2026" } as const;

export async function isEmptyDatabase(db: Db) {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

const firstNames = ["Ada", "Basil", "Clementine", "Dorian", "Esme", "Felix", "Greta", "Hugo", "Iris", "Jasper", "Kit", "Luna",
  "Milo", "Nell", "Otto", "Poppy", "Quinn", "Rosa", "Silas", "Tilly", "Umar", "Vera", "Wren", "Xander", "Yara", "Zeno",
  "Arlo", "Bea", "Cosmo", "Dot"];
const lastNames = ["Testwood", "Samplesby", "Fakeham", "Demoulin", "Mockridge", "Placeholder", "Exampleton", "Dummett",
  "Pretendle", "Notreal", "Fictionby", "Madeup", "Imaginary", "Lorem", "Ipsum"];
const healthNotes = ["Lower back pain after long drives.", "Pregnant (2nd trimester): side-lying only.", "Allergic to nut oils.",
  "Recovering from a sprained left ankle.", "Prefers firm pressure; avoid the neck.", null, null, null];

const demoServices = [
  { name: "60-minute massage", description: "Full-body therapeutic massage.", durationMinutes: 60, priceCents: 6500, capacity: 1 },
  { name: "30-minute back and shoulders", description: null, durationMinutes: 30, priceCents: 3800, capacity: 1 },
  { name: "Physio assessment", description: "First visit: history, tests and a plan.", durationMinutes: 45, priceCents: 7000, capacity: 1 },
  { name: "Beginners yoga", description: "Small group class, mats provided.", durationMinutes: 75, priceCents: 1500, capacity: 8 },
];

export async function seedDemoPractice(db: Db) {
  const existing = await findUserByEmail(db, demoLogin.email);
  if (existing) return { created: false };
  const { user, practice } = await registerPractitioner(db, {
    email: demoLogin.email,
    password: demoLogin.password,
    fullName: "Dana Demo",
    practiceName: "Sunny Side Wellness (demo)",
    timezone: "Europe/London",
  });

  // Services
  const services = [];
  for (const service of demoServices) services.push(await createService(db, practice.id, user.id, service));

  // Clients: thirty, a few inactive or archived, some with health notes and a date of birth.
  const clients = [];
  for (let i = 0; i < 30; i++) {
    const firstName = firstNames[i]!;
    const lastName = lastNames[(i * 7) % lastNames.length]!;
    clients.push(await createClient(db, practice.id, user.id, {
      firstName, lastName,
      email: i % 6 === 5 ? null : `${firstName}.${lastName}@example.test`.toLowerCase(),
      phone: i % 4 === 3 ? null : `07700 900${String(100 + i * 7).slice(-3)}`,
      address: i % 3 === 0 ? `${10 + i} Imaginary Lane\nFaketown FK${i % 9} 1ZZ` : null,
      dateOfBirth: i % 2 === 0 ? `${1960 + ((i * 3) % 40)}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + ((i * 5) % 28)).padStart(2, "0")}` : null,
      notes: healthNotes[i % healthNotes.length] ?? null,
      status: i === 28 ? "archived" : i === 27 ? "inactive" : "active",
    }));
  }

  // SOAP notes, one of them revised twice so the history has something to show.
  const [first, second] = clients;
  const note = await createSoapNote(db, practice.id, first!.id, user.id, {
    subjective: "Stiff lower back after a week of long drives; pain 6/10 in the mornings.",
    objective: "Reduced lumbar flexion; tight erector spinae, left more than right.",
    assessment: "Mechanical lower back pain, no red flags.",
    plan: "Weekly massage for three weeks; daily cat-cow and knee-to-chest stretches.",
  });
  const revised = await reviseSoapNote(db, practice.id, first!.id, note.noteId, user.id, 1, {
    subjective: note.subjective, objective: note.objective, assessment: note.assessment,
    plan: "Weekly massage for three weeks; daily cat-cow, knee-to-chest and hip-flexor stretches.",
  });
  await reviseSoapNote(db, practice.id, first!.id, note.noteId, user.id, revised!.revision, {
    subjective: note.subjective, objective: note.objective, assessment: note.assessment,
    plan: "Weekly massage for three weeks, then fortnightly; daily cat-cow, knee-to-chest and hip-flexor stretches.",
  });
  await createSoapNote(db, practice.id, second!.id, user.id, {
    subjective: "Wants to start yoga after an ankle sprain.", objective: "Full range of motion, mild swelling.",
    assessment: "Fit for gentle classes.", plan: "Beginners yoga; avoid one-legged balances for two weeks.",
  });
  const active = clients.filter((c) => c.status === "active");
  const course = await seedDemoPrograms(db, practice, user.id, services, active);
  await seedDemoCalendar(db, practice, user.id, services, active, course);
  await seedDemoMetrics(db, practice, user.id, active);
  await seedDemoFollowUps(db, practice, user.id, active);
  await seedDemoPortalClient(db, practice, active[0]!);
  return { created: true };
}

/**
 * Ada logs in to the portal (demoClientLogin): her last ten days of pain and mood are marked as logged by
 * her, so the practitioner's charts show client-logged points.
 */
async function seedDemoPortalClient(db: Db, practice: Practice, client: Client) {
  const login = await insertUser(db, { email: demoClientLogin.email, passwordHash: await hashPassword(demoClientLogin.password), fullName: `${client.firstName} ${client.lastName}`, emailVerifiedAt: new Date() });
  await linkPortalUser(db, practice.id, client.id, login.id);
  await db.update(clientMetrics).set({ source: "client", recordedByUserId: login.id })
    .where(and(eq(clientMetrics.practiceId, practice.id), eq(clientMetrics.clientId, client.id), gt(clientMetrics.recordedAt, new Date(Date.now() - 10 * 86_400_000))));
}

/** A call that is overdue, an email due today and an admin task next week; "time to book again" after two weeks. */
async function seedDemoFollowUps(db: Db, practice: Practice, userId: string, clients: Client[]) {
  const today = todayIn(practice.timezone);
  const tasks = [
    { client: clients[0]!, type: "call", notes: "Check-in call: how is the lower back after the first massage?", day: addDays(today, -1), time: "10:00" },
    { client: clients[1]!, type: "email", notes: "Send the ankle-friendly stretching sheet.", day: today, time: "17:00" },
    { client: clients[2]!, type: "admin", notes: "Package nearly used up: offer a renewal.", day: addDays(today, 6), time: "09:00" },
  ] as const;
  for (const task of tasks) {
    await createFollowUp(db, practice.id, userId, task.client.id, {
      type: task.type, notes: task.notes, due: zonedInstant(task.day, task.time, practice.timezone), assigneeId: userId, sessionId: null,
    });
  }
  await updatePracticeSettings(db, practice.id, {
    name: practice.name, timezone: practice.timezone, currency: practice.currency, cancellationWindowHours: practice.cancellationWindowHours,
    reminderOffsetsMinutes: practice.reminderOffsetsMinutes, followUpDefaultDays: practice.followUpDefaultDays, followUpAutomatic: false,
    rebookAfterWeeks: 2,
  });
}

/**
 * Pain, mood and weight for a few clients: four months of believable, noisy progress (pain easing,
 * mood lifting, weight drifting), logged most days, plus a few words now and then.
 */
async function seedDemoMetrics(db: Db, practice: Practice, userId: string, clients: Client[]) {
  const byName = new Map<string, MetricTemplate>();
  for (const starter of starterTemplates.slice(0, 4)) byName.set(starter.name, await createTemplate(db, practice.id, userId, starter));
  const feel = await createTemplate(db, practice.id, userId, starterTemplates.find((s) => s.type === "text")!);
  const pain = byName.get("Pain level")!, mood = byName.get("Mood")!, weight = byName.get("Weight")!;
  let seed = 7;
  const noise = () => ((seed = (seed * 9301 + 49297) % 233280) / 233280) - 0.5;
  const now = Date.now();
  const rows: Array<Parameters<typeof insertMetric>[2]> = [];
  for (const [i, client] of clients.slice(0, 4).entries()) {
    for (const template of [pain, mood, weight, feel]) await trackMetric(db, practice.id, userId, client.id, template);
    const startPain = 7 + i * 0.5, startWeight = 72 + i * 9;
    for (let day = 120; day >= 0; day--) {
      if ((day + i) % 5 === 3) continue; // people skip days
      const at = new Date(now - day * 86_400_000 - (8 + i) * 3_600_000);
      const progress = (120 - day) / 120;
      const base = { clientId: client.id, recordedAt: at, recordedByUserId: userId, source: "practitioner" as const, valueText: null };
      rows.push({ ...base, metricTemplateId: pain.id, valueNum: Math.max(0, Math.min(10, Math.round(startPain - progress * (4 + i) + noise() * 2))) });
      rows.push({ ...base, metricTemplateId: mood.id, valueNum: Math.max(1, Math.min(5, Math.round(2 + progress * 2 + noise() * 1.5))) });
      if (day % 7 === 0) rows.push({ ...base, metricTemplateId: weight.id, valueNum: Math.round((startWeight - progress * 3 + noise()) * 10) / 10 });
      if (day % 30 === 0) rows.push({ ...base, metricTemplateId: feel.id, valueNum: null, valueText: ["Stiff in the mornings.", "Much better this week!", "Slept badly, back a bit sore.", "Walked 5 km without pain."][(day / 30 + i) % 4]! });
    }
  }
  await insertMetricsBulk(db, practice.id, rows);
}

/** A five-massage package sold to three clients, a closed back-care course, and a knee rehab plan. */
async function seedDemoPrograms(db: Db, practice: Practice, userId: string, services: Service[], clients: Client[]) {
  const [massage] = services as [Service];
  const pack = await createProgram(db, practice, userId, {
    name: "5 × 60-minute massage", description: "Five massages for the price of four. Valid six months.", type: "package", serviceId: massage.id,
    startDate: null, endDate: null, sessionsCount: 5, priceCents: 26000, validityDays: 183,
  }, []);
  // Two packages paid when sold (one by card terminal), the third still owed: something for "who owes what".
  for (const [i, client] of clients.slice(0, 3).entries()) {
    const sold = await enrollClient(db, practice, userId, pack.id, client.id);
    if (i < 2 && sold.priceCents) await recordPayment(db, practice, userId, { clientId: client.id, item: { enrollmentId: sold.id }, amountCents: sold.priceCents, method: i ? "card_terminal" : "bank_transfer", paidAt: sold.enrolledAt, note: null });
  }
  const course = await createProgram(db, practice, userId, {
    name: "6-week back care course", description: "Small group, closed: the same six people every week.", type: "group_series", serviceId: null,
    startDate: null, endDate: null, sessionsCount: 6, priceCents: 12000, validityDays: null, closed: true,
  }, []);
  // The course paid up front by three of its four participants.
  for (const [i, client] of clients.slice(3, 7).entries()) {
    const joined = await enrollClient(db, practice, userId, course.id, client.id);
    if (i < 3 && joined.priceCents) await recordPayment(db, practice, userId, { clientId: client.id, item: { enrollmentId: joined.id }, amountCents: joined.priceCents, method: "bank_transfer", paidAt: joined.enrolledAt, note: null });
  }
  const plan = await createProgram(db, practice, userId, {
    name: "Knee rehab plan", description: null, type: "plan", serviceId: null, startDate: null, endDate: null,
    sessionsCount: null, priceCents: null, validityDays: null,
  }, ["Assessment", "Intensive", "Maintenance"]);
  await enrollClient(db, practice, userId, plan.id, clients[1]!.id);
  return { program: course, participants: clients.slice(3, 7) };
}

/**
 * A month around today: weekday one-to-ones (past ones completed with check-ins, one no-show, one
 * canceled) and a twice-weekly yoga class as a recurring series with a few regulars.
 */
async function seedDemoCalendar(db: Db, practice: Practice, userId: string, services: Service[], clients: Client[],
  course: { program: Program; participants: Client[] }) {
  const tz = practice.timezone;
  const today = todayIn(tz);
  const [massage, short, assessment, yoga] = services as [Service, Service, Service, Service];
  const oneToOnes = [massage, short, assessment];
  const now = new Date();
  let n = 0;
  for (let offset = -14; offset <= 14; offset++) {
    const date = addDays(today, offset);
    const weekday = isoWeekday(date);
    if (weekday > 5) continue;
    for (const [slot, time] of ["09:00", "10:30", "13:00", "15:00"].entries()) {
      if ((offset + slot) % 3 === 0) continue; // leave gaps: a real diary is not wall-to-wall
      const service = oneToOnes[(n + slot) % oneToOnes.length]!;
      const client = clients[n % clients.length]!;
      n++;
      const startTime = zonedInstant(date, time, tz);
      const [session] = await createSessions(db, practice, userId, [{
        serviceId: service.id, practitionerId: userId, startTime, endTime: new Date(startTime.getTime() + service.durationMinutes * 60_000),
        location: "Treatment room 1", capacity: 1, notes: null,
      }], [client.id]);
      if (startTime > now) continue;
      if (n % 11 === 0) await setSessionStatus(db, practice, userId, session!.id, { status: "no_show" });
      else if (n % 13 === 0) await setSessionStatus(db, practice, userId, session!.id, { status: "canceled", cancelReason: "Client unwell", canceledBy: "client" });
      else {
        await checkIn(db, practice, session!.id, client.id, new Date(startTime.getTime() - 5 * 60_000));
        await setSessionStatus(db, practice, userId, session!.id, { status: "completed" });
        // Most visits paid at the desk; one in seven still owed.
        if (n % 7 !== 0) await payVisitInFull(db, practice, userId, session!.id, client.id, n % 3 ? "card_terminal" : "cash", startTime);
      }
    }
  }
  const firstDate = weekOf(addDays(today, -14))[1]!; // a Tuesday two weeks ago
  const { sessions: classes } = await createSeries(db, practice, userId,
    { serviceId: yoga.id, practitionerId: userId, location: "Studio", capacity: yoga.capacity, notes: null },
    { weekdays: [2, 4], intervalWeeks: 1, startTime: "18:00", durationMinutes: yoga.durationMinutes, firstDate, count: 9, timezone: tz },
    { skipClashes: true, clientIds: clients.slice(-5).map((c) => c.id) });
  for (const session of classes.filter((s) => s.startTime < now)) {
    for (const [i, client] of clients.slice(-5, -1).entries()) {
      await checkIn(db, practice, session.id, client.id, new Date(session.startTime.getTime() - 10 * 60_000));
      if (i) await payVisitInFull(db, practice, userId, session.id, client.id, "cash", session.startTime);
    }
  }
  // The closed course: Mondays at 19:00, six weeks from three weeks ago, its participants booked in.
  const { sessions: courseSessions } = await createSeries(db, practice, userId,
    { serviceId: null, title: course.program.name, practitionerId: userId, location: "Studio", capacity: 6, notes: null, programId: course.program.id },
    { weekdays: [1], intervalWeeks: 1, startTime: "19:00", durationMinutes: 60, firstDate: weekOf(addDays(today, -21))[0]!, count: 6, timezone: tz },
    { skipClashes: true, clientIds: course.participants.map((c) => c.id) });
  for (const [i, session] of courseSessions.filter((s) => s.startTime < now).entries()) {
    for (const [j, client] of course.participants.entries()) {
      if ((i + j) % 5 === 4) await setAttendance(db, practice, userId, session.id, client.id, "no_show");
      else await checkIn(db, practice, session.id, client.id, new Date(session.startTime.getTime() - 5 * 60_000));
    }
  }
}
