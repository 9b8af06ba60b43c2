// The services catalog: what a practice offers, with the defaults a booking starts from.
import { z } from "zod";
import type { Db } from "../db/client.js";
import type { Service } from "../db/schema.js";
import * as field from "../lib/fields.js";
import { minorToInput } from "../lib/money.js";
import { changedFields, recordAudit } from "../queries/audit-log.js";
import { findServiceForUpdate, insertService, updateServiceRow, type ServiceValues } from "../queries/services.js";
import { domainErrorFromDatabase } from "../lib/errors.js";

const nameTaken = "You already have a service with this name.";

const common = {
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(120, "Keep it under 120 characters."),
  description: z.string({ error: "The description must be text." }).trim().max(2000, "The description is at most 2,000 characters.")
    .transform((v) => v || null).nullable(),
  durationMinutes: field.wholeNumber("The duration", 5, 1440),
  capacity: field.wholeNumber("The capacity", 1, 500),
};

/** The HTML form, for a practice's currency (the price is typed in its units and decimals). */
export const serviceForm = field.perCurrency((currency) => z.object({
  ...common, price: field.priceText(currency, ["45", "45.50"]), description: common.description.optional(), capacity: common.capacity.optional(),
  rebookAfterWeeks: z.preprocess(field.emptyAs(null), field.wholeNumber("Time to book again", 1, 104).nullable()).optional().transform((v) => v ?? null),
}).transform(({ price, ...v }) => ({ ...v, priceCents: price, description: v.description ?? null, capacity: v.capacity ?? 1 })));

export const serviceApiBody = z.object({
  ...common,
  priceCents: z.number({ error: "priceCents is a whole number of cents." }).int("priceCents is a whole number of cents.")
    .min(0, "The price cannot be negative.").max(1_000_000_00, "The price is at most 1,000,000."),
  description: common.description.optional(),
  capacity: common.capacity.optional(),
  active: z.boolean({ error: "active is true or false." }).optional(),
});

export const serviceFormValues = (s: Service, currency: string) => ({
  name: s.name, description: s.description ?? "", durationMinutes: s.durationMinutes, price: minorToInput(s.priceCents, currency), capacity: s.capacity,
  rebookAfterWeeks: s.rebookAfterWeeks ?? "",
});

const nameRule = { services_practice_name_key: { field: "name", message: nameTaken } };

/** A service's price and defaults are money and booking rules: every change is audited with what it was. */
export async function createService(db: Db, practiceId: string, actorUserId: string | null, values: Omit<ServiceValues, "active"> & { active?: boolean }) {
  try {
    return await db.transaction(async (tx) => {
      const service = await insertService(tx, practiceId, { active: true, ...values });
      await recordAudit(tx, practiceId, { actorUserId, action: "create", entity: "service", entityId: service.id });
      return service;
    });
  } catch (error) {
    throw domainErrorFromDatabase(error, nameRule) ?? error;
  }
}

/** Applies the given fields; null when the service is not in this practice. */
export async function updateService(db: Db, practiceId: string, actorUserId: string, serviceId: string, values: Partial<ServiceValues>) {
  try {
    return await db.transaction(async (tx) => {
      const before = await findServiceForUpdate(tx, practiceId, serviceId);
      if (!before) return null;
      const diff = changedFields(before as unknown as Record<string, unknown>, values);
      if (!Object.keys(diff).length) return before;
      const service = await updateServiceRow(tx, practiceId, serviceId, values);
      const action = diff.active ? (values.active ? "activate" : "deactivate") : "update";
      await recordAudit(tx, practiceId, { actorUserId, action, entity: "service", entityId: serviceId, diff });
      return service;
    });
  } catch (error) {
    throw domainErrorFromDatabase(error, nameRule) ?? error;
  }
}
