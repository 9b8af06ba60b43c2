CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"session_attendee_id" uuid,
	"enrollment_id" uuid,
	"amount_cents" integer NOT NULL,
	"currency" char(3) NOT NULL,
	"status" text NOT NULL,
	"method" text NOT NULL,
	"note" text,
	"paid_at" timestamp with time zone,
	"refunded_cents" integer DEFAULT 0 NOT NULL,
	"pay_token" text,
	"stripe_account_id" text,
	"stripe_checkout_session_id" text,
	"stripe_payment_intent_id" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "payments_pay_token_key" UNIQUE("pay_token"),
	CONSTRAINT "payments_checkout_session_key" UNIQUE("stripe_checkout_session_id"),
	CONSTRAINT "payments_payment_intent_key" UNIQUE("stripe_payment_intent_id"),
	CONSTRAINT "payments_one_item" CHECK ("payments"."session_attendee_id" is null or "payments"."enrollment_id" is null),
	CONSTRAINT "payments_amount_range" CHECK ("payments"."amount_cents" between 1 and 100000000),
	CONSTRAINT "payments_refunded_range" CHECK ("payments"."refunded_cents" between 0 and "payments"."amount_cents"),
	CONSTRAINT "payments_currency_upper" CHECK ("payments"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "payments_status_valid" CHECK ("payments"."status" in ('pending', 'completed', 'failed', 'refunded')),
	CONSTRAINT "payments_method_valid" CHECK ("payments"."method" in ('card', 'card_terminal', 'cash', 'bank_transfer', 'other')),
	CONSTRAINT "payments_paid_when_settled" CHECK ("payments"."status" not in ('completed', 'refunded') or "payments"."paid_at" is not null),
	CONSTRAINT "payments_paid_at_range" CHECK ("payments"."paid_at" is null or ("payments"."paid_at" >= '1900-01-01T00:00:00Z' and "payments"."paid_at" < '2101-01-01T00:00:00Z'))
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"account" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"waiting_for" text,
	"payload" jsonb
);
--> statement-breakpoint
ALTER TABLE "credit_ledger" DROP CONSTRAINT "credit_ledger_reason_valid";--> statement-breakpoint
ALTER TABLE "integrations" DROP CONSTRAINT "integrations_kind_valid";--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "ready" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "stripe_customer_id" text;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "subscription_id" text;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "subscription_status" text;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "subscription_plan" text;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "subscription_current_period_end" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "subscription_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "program_enrollments" ADD COLUMN "price_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "program_enrollments" ADD COLUMN "paid_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "session_attendees" ADD COLUMN "price_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "session_attendees" ADD COLUMN "paid_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- What existing sales and visits cost, from today's prices (nothing older is known): a package or course
-- covers its visits, so those stay 0.
UPDATE "program_enrollments" e SET "price_cents" = coalesce(p."price_cents", 0)
  FROM "programs" p WHERE p."practice_id" = e."practice_id" AND p."id" = e."program_id";--> statement-breakpoint
UPDATE "session_attendees" a SET "price_cents" = sv."price_cents"
  FROM "sessions" s JOIN "services" sv ON sv."practice_id" = s."practice_id" AND sv."id" = s."service_id"
  WHERE s."practice_id" = a."practice_id" AND s."id" = a."session_id" AND a."enrollment_id" IS NULL AND s."program_id" IS NULL;--> statement-breakpoint
-- Nothing owed is never "unpaid": a course covers its sessions, a visit without a price is no charge.
UPDATE "session_attendees" a SET "payment_status" = 'covered'
  FROM "sessions" s WHERE s."practice_id" = a."practice_id" AND s."id" = a."session_id" AND s."program_id" IS NOT NULL
  AND a."enrollment_id" IS NULL AND a."payment_status" = 'unpaid';--> statement-breakpoint
UPDATE "session_attendees" SET "payment_status" = 'waived' WHERE "price_cents" = 0 AND "payment_status" = 'unpaid';--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_client_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_attendee_fk" FOREIGN KEY ("practice_id","session_attendee_id") REFERENCES "public"."session_attendees"("practice_id","id") ON DELETE SET NULL ("session_attendee_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_enrollment_fk" FOREIGN KEY ("practice_id","enrollment_id") REFERENCES "public"."program_enrollments"("practice_id","id") ON DELETE SET NULL ("enrollment_id") ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_client_idx" ON "payments" USING btree ("practice_id","client_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_practice_created_idx" ON "payments" USING btree ("practice_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_attendee_idx" ON "payments" USING btree ("practice_id","session_attendee_id");--> statement-breakpoint
CREATE INDEX "payments_enrollment_idx" ON "payments" USING btree ("practice_id","enrollment_id");--> statement-breakpoint
CREATE INDEX "payments_recorded_by_idx" ON "payments" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "stripe_events_waiting_idx" ON "stripe_events" USING btree ("waiting_for") WHERE "stripe_events"."processed_at" is null;--> statement-breakpoint
ALTER TABLE "practices" ADD CONSTRAINT "practices_stripe_customer_key" UNIQUE("stripe_customer_id");--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD CONSTRAINT "credit_ledger_reason_valid" CHECK ("credit_ledger"."reason" in ('purchase', 'booking', 'cancel_refund', 'late_cancel', 'no_show', 'adjustment', 'expiry', 'refund'));--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_kind_valid" CHECK ("integrations"."kind" in ('calendly', 'stripe'));--> statement-breakpoint
ALTER TABLE "program_enrollments" ADD CONSTRAINT "program_enrollments_price_range" CHECK ("program_enrollments"."price_cents" between 0 and 100000000);--> statement-breakpoint
ALTER TABLE "session_attendees" ADD CONSTRAINT "session_attendees_price_range" CHECK ("session_attendees"."price_cents" between 0 and 100000000);