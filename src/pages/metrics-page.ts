// The practice's Metrics page: its templates, the starter library minus what it already has, which
// metrics each service starts, the "who is improving" overview of one metric over some weeks, and the
// clients whose scheduled check-in is due ("who has not logged").
import type { Db } from "../db/client.js";
import { starterTemplates } from "../domain/metrics.js";
import { listClientsNotLogged } from "../queries/check-ins.js";
import { listTemplates, progressOverview, serviceTemplateIdsByService } from "../queries/metrics.js";
import { listServices } from "../queries/services.js";

const WEEK_MS = 7 * 86_400_000;

export type OverviewQuery = { template?: string; weeks?: string };

export async function loadMetricsPage(db: Db, practiceId: string, query: OverviewQuery, now = new Date()) {
  const [templates, services, byService, notLogged] = await Promise.all([
    listTemplates(db, practiceId, { includeArchived: true }), listServices(db, practiceId, { activeOnly: true }),
    serviceTemplateIdsByService(db, practiceId), listClientsNotLogged(db, practiceId, now),
  ]);
  const names = new Set(templates.map((t) => t.name.toLowerCase()));
  const weeks = Math.min(Math.max(Number(query.weeks) || 8, 2), 104);
  const chosen = templates.find((t) => t.id === query.template && t.type !== "text");
  const overview = chosen ? { template: chosen, weeks, rows: await progressOverview(db, practiceId, chosen.id, new Date(now.getTime() - weeks * WEEK_MS), now) } : undefined;
  return {
    templates, starters: starterTemplates.filter((s) => !names.has(s.name.toLowerCase())),
    services: services.map((service) => ({ service, templateIds: byService.get(service.id) ?? [] })),
    overview, overviewTemplateId: chosen?.id ?? "", weeks, notLogged,
  };
}
