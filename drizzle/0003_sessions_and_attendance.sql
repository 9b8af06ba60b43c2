CREATE TABLE "session_attendees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"attendance_status" text DEFAULT 'registered' NOT NULL,
	"check_in_time" timestamp with time zone,
	"payment_status" text DEFAULT 'unpaid' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_attendees_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "session_attendees_session_client_key" UNIQUE("session_id","client_id"),
	CONSTRAINT "session_attendees_status_valid" CHECK ("session_attendees"."attendance_status" in ('registered', 'attended', 'canceled', 'no_show')),
	CONSTRAINT "session_attendees_payment_valid" CHECK ("session_attendees"."payment_status" in ('unpaid', 'paid', 'covered', 'refunded', 'waived'))
);
--> statement-breakpoint
CREATE TABLE "session_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"rule" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_series_practice_id_id_key" UNIQUE("practice_id","id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"service_id" uuid,
	"practitioner_id" uuid NOT NULL,
	"series_id" uuid,
	"title" text,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL,
	"location" text,
	"capacity" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"notes" text,
	"cancel_reason" text,
	"external_event_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "sessions_practice_external_event_key" UNIQUE("practice_id","external_event_id"),
	CONSTRAINT "sessions_end_after_start" CHECK ("sessions"."end_time" > "sessions"."start_time"),
	CONSTRAINT "sessions_capacity_range" CHECK ("sessions"."capacity" between 1 and 500),
	CONSTRAINT "sessions_status_valid" CHECK ("sessions"."status" in ('scheduled', 'completed', 'canceled', 'no_show'))
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "calendar_feed_token_hash" text;--> statement-breakpoint
ALTER TABLE "session_attendees" ADD CONSTRAINT "session_attendees_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendees" ADD CONSTRAINT "session_attendees_session_fk" FOREIGN KEY ("practice_id","session_id") REFERENCES "public"."sessions"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendees" ADD CONSTRAINT "session_attendees_client_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_series" ADD CONSTRAINT "session_series_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_service_fk" FOREIGN KEY ("practice_id","service_id") REFERENCES "public"."services"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_practitioner_fk" FOREIGN KEY ("practice_id","practitioner_id") REFERENCES "public"."memberships"("practice_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_series_fk" FOREIGN KEY ("practice_id","series_id") REFERENCES "public"."session_series"("practice_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_attendees_session_idx" ON "session_attendees" USING btree ("practice_id","session_id");--> statement-breakpoint
CREATE INDEX "session_attendees_client_idx" ON "session_attendees" USING btree ("practice_id","client_id");--> statement-breakpoint
CREATE INDEX "sessions_practice_start_idx" ON "sessions" USING btree ("practice_id","start_time");--> statement-breakpoint
CREATE INDEX "sessions_practice_practitioner_start_idx" ON "sessions" USING btree ("practice_id","practitioner_id","start_time");--> statement-breakpoint
CREATE INDEX "sessions_service_idx" ON "sessions" USING btree ("practice_id","service_id");--> statement-breakpoint
CREATE INDEX "sessions_series_idx" ON "sessions" USING btree ("practice_id","series_id");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_calendar_feed_token_key" ON "memberships" USING btree ("calendar_feed_token_hash");