CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"session_id" uuid,
	"type" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"assignee_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_ups_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "follow_ups_type_valid" CHECK ("follow_ups"."type" in ('call', 'email', 'sms', 'admin')),
	CONSTRAINT "follow_ups_due_range" CHECK ("follow_ups"."due_at" >= '1900-01-01T00:00:00Z' and "follow_ups"."due_at" < '2101-01-01T00:00:00Z')
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid,
	"kind" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"provider_id" text,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"client_id" uuid,
	"session_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_status_valid" CHECK ("outbox"."status" in ('pending', 'sending', 'sent', 'failed', 'dead', 'canceled')),
	CONSTRAINT "outbox_sent_has_provider_id" CHECK ("outbox"."status" <> 'sent' or "outbox"."provider_id" is not null),
	CONSTRAINT "outbox_attempts_range" CHECK ("outbox"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "password_reset_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "reminders_off_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "rebook_dismissed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "follow_up_automatic" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "rebook_after_weeks" integer;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "rebook_after_weeks" integer;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_client_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_session_fk" FOREIGN KEY ("practice_id","session_id") REFERENCES "public"."sessions"("practice_id","id") ON DELETE SET NULL ("session_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_assignee_fk" FOREIGN KEY ("practice_id","assignee_id") REFERENCES "public"."memberships"("practice_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_ups_due_idx" ON "follow_ups" USING btree ("practice_id","completed_at","due_at");--> statement-breakpoint
CREATE INDEX "follow_ups_client_idx" ON "follow_ups" USING btree ("practice_id","client_id","due_at");--> statement-breakpoint
CREATE INDEX "follow_ups_session_idx" ON "follow_ups" USING btree ("practice_id","session_id");--> statement-breakpoint
CREATE INDEX "follow_ups_created_by_idx" ON "follow_ups" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_key" ON "outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."status" in ('pending', 'sending', 'failed');--> statement-breakpoint
CREATE INDEX "outbox_practice_created_idx" ON "outbox" USING btree ("practice_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_client_idx" ON "outbox" USING btree ("practice_id","client_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_session_idx" ON "outbox" USING btree ("practice_id","session_id");--> statement-breakpoint
CREATE INDEX "password_reset_tokens_user_idx" ON "password_reset_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_scheduled_start_idx" ON "sessions" USING btree ("start_time") WHERE "sessions"."status" = 'scheduled';--> statement-breakpoint
ALTER TABLE "practices" ADD CONSTRAINT "practices_rebook_weeks_range" CHECK ("practices"."rebook_after_weeks" is null or "practices"."rebook_after_weeks" between 1 and 104);--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_rebook_weeks_range" CHECK ("services"."rebook_after_weeks" is null or "services"."rebook_after_weeks" between 1 and 104);