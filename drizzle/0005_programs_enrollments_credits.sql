CREATE TABLE "credit_ledger" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"delta" integer NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"session_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_ledger_reason_valid" CHECK ("credit_ledger"."reason" in ('purchase', 'booking', 'cancel_refund', 'late_cancel', 'no_show', 'adjustment', 'expiry'))
);
--> statement-breakpoint
CREATE TABLE "program_enrollments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"sessions_remaining" integer,
	"completion_date" date,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "program_enrollments_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "program_enrollments_remaining_not_negative" CHECK ("program_enrollments"."sessions_remaining" is null or "program_enrollments"."sessions_remaining" >= 0),
	CONSTRAINT "program_enrollments_status_valid" CHECK ("program_enrollments"."status" in ('active', 'completed', 'dropped', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "program_phases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"description" text,
	CONSTRAINT "program_phases_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "program_phases_program_position_key" UNIQUE("program_id","position")
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"type" text NOT NULL,
	"service_id" uuid,
	"start_date" date,
	"end_date" date,
	"sessions_count" integer,
	"price_cents" integer,
	"validity_days" integer,
	"closed" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programs_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "programs_type_valid" CHECK ("programs"."type" in ('group_series', 'plan', 'package')),
	CONSTRAINT "programs_package_has_credits" CHECK ("programs"."type" <> 'package' or "programs"."sessions_count" between 1 and 500),
	CONSTRAINT "programs_price_range" CHECK ("programs"."price_cents" is null or "programs"."price_cents" between 0 and 100000000),
	CONSTRAINT "programs_validity_range" CHECK ("programs"."validity_days" is null or "programs"."validity_days" between 1 and 3660)
);
--> statement-breakpoint
ALTER TABLE "session_attendees" ADD COLUMN "enrollment_id" uuid;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "program_id" uuid;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "phase_id" uuid;--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD CONSTRAINT "credit_ledger_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD CONSTRAINT "credit_ledger_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD CONSTRAINT "credit_ledger_enrollment_fk" FOREIGN KEY ("practice_id","enrollment_id") REFERENCES "public"."program_enrollments"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_enrollments" ADD CONSTRAINT "program_enrollments_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_enrollments" ADD CONSTRAINT "program_enrollments_program_fk" FOREIGN KEY ("practice_id","program_id") REFERENCES "public"."programs"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_enrollments" ADD CONSTRAINT "program_enrollments_client_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_phases" ADD CONSTRAINT "program_phases_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_phases" ADD CONSTRAINT "program_phases_program_fk" FOREIGN KEY ("practice_id","program_id") REFERENCES "public"."programs"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_service_fk" FOREIGN KEY ("practice_id","service_id") REFERENCES "public"."services"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_ledger_enrollment_idx" ON "credit_ledger" USING btree ("practice_id","enrollment_id","created_at");--> statement-breakpoint
CREATE INDEX "credit_ledger_session_idx" ON "credit_ledger" USING btree ("practice_id","session_id");--> statement-breakpoint
CREATE INDEX "credit_ledger_created_by_idx" ON "credit_ledger" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "program_enrollments_active_key" ON "program_enrollments" USING btree ("program_id","client_id") WHERE "program_enrollments"."status" = 'active';--> statement-breakpoint
CREATE INDEX "program_enrollments_client_idx" ON "program_enrollments" USING btree ("practice_id","client_id");--> statement-breakpoint
CREATE INDEX "program_enrollments_program_idx" ON "program_enrollments" USING btree ("practice_id","program_id");--> statement-breakpoint
CREATE INDEX "program_enrollments_expiry_idx" ON "program_enrollments" USING btree ("expires_at") WHERE "program_enrollments"."status" = 'active';--> statement-breakpoint
CREATE INDEX "programs_practice_service_idx" ON "programs" USING btree ("practice_id","service_id");--> statement-breakpoint
ALTER TABLE "session_attendees" ADD CONSTRAINT "session_attendees_enrollment_fk" FOREIGN KEY ("practice_id","enrollment_id") REFERENCES "public"."program_enrollments"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_program_fk" FOREIGN KEY ("practice_id","program_id") REFERENCES "public"."programs"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_phase_fk" FOREIGN KEY ("practice_id","phase_id") REFERENCES "public"."program_phases"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_attendees_enrollment_idx" ON "session_attendees" USING btree ("practice_id","enrollment_id");--> statement-breakpoint
CREATE INDEX "sessions_program_idx" ON "sessions" USING btree ("practice_id","program_id","start_time");