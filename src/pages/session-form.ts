// What the booking form offers: services, practitioners, the clients already ticked, and the programs
// (with their phases) a session can belong to. Packages are not offered: a package pays for a session,
// it is not what the session is part of.
import type { Db } from "../db/client.js";
import type { Client, Service } from "../db/schema.js";
import { isUuid } from "../lib/ids.js";
import { findClientsByIds } from "../queries/clients.js";
import { listActivePrograms, listPhases } from "../queries/programs.js";
import { listServices } from "../queries/services.js";
import { listPractitioners } from "../queries/sessions.js";

export type SessionFormChoices = {
  services: Service[];
  practitioners: Array<{ id: string; fullName: string }>;
  selectedClients: Client[];
  programs: Array<{ id: string; name: string; phases: Array<{ id: string; name: string }> }>;
};

export async function loadSessionFormChoices(db: Db, practiceId: string, clientIds: string[]): Promise<SessionFormChoices> {
  const [services, practitioners, selectedClients, allPrograms] = await Promise.all([
    listServices(db, practiceId, { activeOnly: true }),
    listPractitioners(db, practiceId),
    findClientsByIds(db, practiceId, clientIds.filter(isUuid)),
    listActivePrograms(db, practiceId),
  ]);
  const taggable = allPrograms.filter((program) => program.type !== "package");
  const phases = await listPhases(db, practiceId, taggable.map((program) => program.id));
  const programs = taggable.map((program) => ({ id: program.id, name: program.name, phases: phases.filter((phase) => phase.programId === program.id) }));
  return { services, practitioners, selectedClients, programs };
}
