CREATE TABLE "client_invites" (
	"id" text PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"email" text NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "client_metric_templates" ADD COLUMN "check_in" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "portal_revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "check_in_cadence" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "check_in_every_days" integer;--> statement-breakpoint
ALTER TABLE "client_invites" ADD CONSTRAINT "client_invites_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_invites" ADD CONSTRAINT "client_invites_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_invites" ADD CONSTRAINT "client_invites_client_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_invites_client_idx" ON "client_invites" USING btree ("practice_id","client_id","created_at");--> statement-breakpoint
CREATE INDEX "client_invites_created_by_idx" ON "client_invites" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "clients_practice_portal_user_key" ON "clients" USING btree ("practice_id","portal_user_id") WHERE "clients"."portal_user_id" is not null;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_check_in_cadence_valid" CHECK ("clients"."check_in_cadence" is null or ("clients"."check_in_cadence" = 'before_session' and "clients"."check_in_every_days" is null) or ("clients"."check_in_cadence" = 'every_days' and "clients"."check_in_every_days" between 1 and 365));