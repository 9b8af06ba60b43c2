CREATE TABLE "integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"public_id" text NOT NULL,
	"secret" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integrations_practice_kind_key" UNIQUE("practice_id","kind"),
	CONSTRAINT "integrations_public_id_key" UNIQUE("public_id"),
	CONSTRAINT "integrations_kind_valid" CHECK ("integrations"."kind" in ('calendly'))
);
--> statement-breakpoint
CREATE TABLE "unplaced_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_event_id" text NOT NULL,
	"invitee_name" text NOT NULL,
	"invitee_email" text NOT NULL,
	"title" text,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "unplaced_bookings_event_key" UNIQUE("practice_id","source","external_event_id"),
	CONSTRAINT "unplaced_bookings_source_valid" CHECK ("unplaced_bookings"."source" in ('calendly'))
);
--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unplaced_bookings" ADD CONSTRAINT "unplaced_bookings_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unplaced_bookings_open_idx" ON "unplaced_bookings" USING btree ("practice_id","resolved_at");