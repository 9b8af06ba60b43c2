// A valid body for each form route whose page does not show the form as-is (or shows it with choices a
// test fills in): what the tenant sweep posts at another practice's objects, and where the generated-input
// test starts before it replaces fields. One table, so a new form route is added once.
export const formFor: Record<string, Record<string, string>> = {
  "POST /clients/:clientId": { firstName: "Hijacked", lastName: "Hijacked", email: "hijack@example.test", status: "active" },
  "POST /clients/:clientId/status": { status: "archived", confirmed: "yes" },
  "POST /clients/:clientId/reminders": { reminders: "off" },
  "POST /clients/:clientId/notes": { subjective: "Hijacked" },
  "POST /clients/:clientId/notes/:noteId": { baseRevision: "1", subjective: "Hijacked" },
  "POST /services/:serviceId": { name: "Hijacked", durationMinutes: "60", price: "1", capacity: "1" },
  "POST /services/:serviceId/status": { active: "false" },
  "POST /sessions/:sessionId": { start: "2030-01-07T12:00", end: "2030-01-07T13:00", capacity: "1" },
  "POST /sessions/:sessionId/status": { status: "canceled", canceledBy: "practice", confirmed: "yes" },
  "POST /sessions/:sessionId/attendees": { clientIds: "" },
  "POST /sessions/:sessionId/attendees/:clientId/status": { status: "canceled", confirmed: "yes" },
  "POST /programs/:programId/enrollments": { clientIds: "" },
  "POST /clients/:clientId/enrollments/:enrollmentId/adjustments": { delta: "5", note: "Hijacked" },
  "POST /clients/:clientId/enrollments/:enrollmentId/status": { status: "dropped" },
  "POST /clients/:clientId/metrics/:templateId/entries/:metricId": { value: "9" },
  "POST /metrics/templates/:templateId/archived": { archived: "true", confirmed: "yes" },
  "POST /metrics/templates/:templateId": { name: "Hijacked", minValue: "0", maxValue: "10" },
  "POST /programs/:programId": { name: "Hijacked" },
  "POST /payments/:paymentId/refunds": { amount: "1", note: "Hijacked", confirmed: "yes" },
};
