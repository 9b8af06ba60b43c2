// How money arrives, in the words a practitioner uses; shared by the forms, the lists and the CSV.
import type { PaymentMethod } from "../db/schema.js";

export const methodLabel: Record<PaymentMethod, string> = {
  card: "Card (online)", card_terminal: "Card terminal", cash: "Cash", bank_transfer: "Bank transfer", other: "Other",
};

/** What a practitioner records by hand; "card" is only ever written by a Stripe checkout. */
export const handMethods = ["cash", "card_terminal", "bank_transfer", "other"] as const;
export type HandMethod = (typeof handMethods)[number];
