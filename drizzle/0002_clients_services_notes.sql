CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"phone" text,
	"address" text,
	"date_of_birth" date,
	"notes" text,
	"status" text DEFAULT 'active' NOT NULL,
	"portal_user_id" uuid,
	"intake" jsonb,
	"last_visit_at" timestamp with time zone,
	"erased_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "clients_status_valid" CHECK ("clients"."status" in ('active', 'inactive', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"duration_minutes" integer NOT NULL,
	"price_cents" integer NOT NULL,
	"capacity" integer DEFAULT 1 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "services_duration_range" CHECK ("services"."duration_minutes" between 5 and 1440),
	CONSTRAINT "services_price_range" CHECK ("services"."price_cents" between 0 and 100000000),
	CONSTRAINT "services_capacity_range" CHECK ("services"."capacity" between 1 and 500)
);
--> statement-breakpoint
CREATE TABLE "soap_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"revision_of" uuid,
	"subjective" text DEFAULT '' NOT NULL,
	"objective" text DEFAULT '' NOT NULL,
	"assessment" text DEFAULT '' NOT NULL,
	"plan" text DEFAULT '' NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "soap_notes_note_revision_key" UNIQUE("note_id","revision"),
	CONSTRAINT "soap_notes_revision_positive" CHECK ("soap_notes"."revision" >= 1)
);
--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_portal_user_id_users_id_fk" FOREIGN KEY ("portal_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "soap_notes" ADD CONSTRAINT "soap_notes_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "soap_notes" ADD CONSTRAINT "soap_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "soap_notes" ADD CONSTRAINT "soap_notes_client_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "soap_notes" ADD CONSTRAINT "soap_notes_revision_of_fk" FOREIGN KEY ("revision_of") REFERENCES "public"."soap_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clients_practice_email_key" ON "clients" USING btree ("practice_id",lower("email")) WHERE "clients"."email" is not null;--> statement-breakpoint
CREATE INDEX "clients_practice_name_idx" ON "clients" USING btree ("practice_id",lower("last_name"),lower("first_name"),"id");--> statement-breakpoint
CREATE INDEX "clients_practice_last_visit_idx" ON "clients" USING btree ("practice_id",coalesce("last_visit_at", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "clients_portal_user_idx" ON "clients" USING btree ("portal_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "services_practice_name_key" ON "services" USING btree ("practice_id",lower("name"));--> statement-breakpoint
CREATE INDEX "soap_notes_practice_client_idx" ON "soap_notes" USING btree ("practice_id","client_id","note_id","revision");--> statement-breakpoint
CREATE INDEX "soap_notes_author_idx" ON "soap_notes" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "soap_notes_revision_of_idx" ON "soap_notes" USING btree ("revision_of");