// The client's own data as one CSV file for a spreadsheet: a row per fact, grouped by section, so profile,
// intake, sessions, credits, metrics and payments fit one table. Times are the practice's wall clock with its
// offset ("2030-07-07T10:00:05+01:00"), as in the payments export.
import { TZDate } from "@date-fns/tz";
import type { OwnData } from "../../src/domain/portal-profile.js";
import { toCsv } from "../../src/lib/csv.js";

export const ownDataHeader = ["section", "date", "item", "value", "status", "details"] as const;

type Row = [section: string, date: string, item: string, value: string, status: string, details: string];

const at = (iso: string | null | undefined, timezone: string) =>
  iso ? new TZDate(new Date(iso), timezone).toISOString().replace(/\.\d{3}(?=[+-]|Z)/, "") : "";
const cell = (v: unknown) => (v === null || v === undefined ? "" : String(v));

function profileRows({ profile, intake }: OwnData, timezone: string): Row[] {
  const rows: Row[] = [
    ["profile", "", "First name", profile.firstName, "", ""], ["profile", "", "Last name", profile.lastName, "", ""],
    ["profile", "", "Login email", profile.loginEmail, "", ""], ["profile", "", "Email on record", cell(profile.email), "", ""],
    ["profile", "", "Phone", cell(profile.phone), "", ""], ["profile", "", "Address", cell(profile.address), "", ""],
    ["profile", cell(profile.dateOfBirth), "Date of birth", cell(profile.dateOfBirth), "", ""],
    ["profile", at(profile.clientSince, timezone), "Client since", "", "", ""],
  ];
  if (!intake) return [...rows, ["intake", "", "Intake form", "", "not submitted", ""]];
  return [...rows,
    ["intake", at(intake.submittedAt, timezone), "Health notes", intake.healthNotes, "submitted", ""],
    ["intake", at(intake.submittedAt, timezone), "Emergency contact", intake.emergencyContactName, "", intake.emergencyContactPhone],
    ["intake", at(intake.consent?.at, timezone), "Consent", intake.consent?.version ?? "", intake.consent ? "agreed" : "not given", intake.consent?.text ?? ""],
  ];
}

function activityRows(data: OwnData, timezone: string): Row[] {
  const { currency } = data.practice;
  return [
    ...data.sessions.map((s): Row => ["session", at(s.start, timezone), s.what, `${s.price} ${currency}`, s.sessionStatus,
      `attendance: ${s.attendance}; payment: ${s.payment}; paid ${s.paid} ${currency}${s.location ? `; ${s.location}` : ""}`]),
    ...data.credits.flatMap((e): Row[] => [
      ["credits", at(e.enrolledAt, timezone), e.program, e.sessionsRemaining === null ? "" : `${e.sessionsRemaining} left`, e.status,
        `${e.type}; price ${e.price} ${currency}; paid ${e.paid} ${currency}${e.expiresAt ? `; expires ${at(e.expiresAt, timezone)}` : ""}`],
      ...e.ledger.map((l): Row => ["credit movement", at(l.at, timezone), e.program, `${l.change > 0 ? "+" : ""}${l.change}`, l.reason, cell(l.note)]),
    ]),
    ...data.metrics.map((m): Row => ["metric", at(m.recordedAt, timezone), m.metric, `${cell(m.value)}${m.unit ? ` ${m.unit}` : ""}`, "", `logged by ${m.source}`]),
    ...data.payments.map((p): Row => ["payment", at(p.at, timezone), p.item, `${p.amount} ${p.currency}`, p.status,
      `${p.method}${Number(p.refunded) > 0 ? `; refunded ${p.refunded}` : ""}${p.note ? `; ${p.note}` : ""}`]),
  ];
}

/** Profile and intake first, then what happened in order of section; the last row says what is not included. */
export function ownDataCsv(data: OwnData): string {
  const timezone = data.practice.timezone;
  const rows: Row[] = [...profileRows(data, timezone), ...activityRows(data, timezone)];
  if (data.metricsCut) rows.push(["note", "", "Metrics", "", "", `Only the first ${data.metrics.length} values are included.`]);
  rows.push(["note", at(data.exportedAt, timezone), "Not included", "", "", data.notIncluded]);
  return toCsv(ownDataHeader, rows);
}
