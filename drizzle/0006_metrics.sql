CREATE TABLE "client_metric_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"metric_template_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_metric_templates_key" UNIQUE("practice_id","client_id","metric_template_id")
);
--> statement-breakpoint
CREATE TABLE "client_metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"metric_template_id" uuid NOT NULL,
	"value_num" numeric,
	"value_text" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by_user_id" uuid,
	"source" text DEFAULT 'practitioner' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_metrics_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "client_metrics_one_value" CHECK (("client_metrics"."value_num" is null) <> ("client_metrics"."value_text" is null)),
	CONSTRAINT "client_metrics_source_valid" CHECK ("client_metrics"."source" in ('practitioner', 'client'))
);
--> statement-breakpoint
CREATE TABLE "metric_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit" text,
	"type" text NOT NULL,
	"min_value" numeric,
	"max_value" numeric,
	"step" numeric,
	"better" text,
	"description" text,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_templates_practice_id_id_key" UNIQUE("practice_id","id"),
	CONSTRAINT "metric_templates_type_valid" CHECK ("metric_templates"."type" in ('number', 'slider', 'text')),
	CONSTRAINT "metric_templates_slider_bounds" CHECK ("metric_templates"."type" <> 'slider' or ("metric_templates"."min_value" is not null and "metric_templates"."max_value" is not null)),
	CONSTRAINT "metric_templates_bounds_order" CHECK ("metric_templates"."min_value" is null or "metric_templates"."max_value" is null or "metric_templates"."min_value" < "metric_templates"."max_value"),
	CONSTRAINT "metric_templates_better_valid" CHECK ("metric_templates"."better" is null or "metric_templates"."better" in ('higher', 'lower'))
);
--> statement-breakpoint
CREATE TABLE "service_metric_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"metric_template_id" uuid NOT NULL,
	CONSTRAINT "service_metric_templates_key" UNIQUE("practice_id","service_id","metric_template_id")
);
--> statement-breakpoint
ALTER TABLE "client_metric_templates" ADD CONSTRAINT "client_metric_templates_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_metric_templates" ADD CONSTRAINT "client_metric_templates_client_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_metric_templates" ADD CONSTRAINT "client_metric_templates_template_fk" FOREIGN KEY ("practice_id","metric_template_id") REFERENCES "public"."metric_templates"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_metrics" ADD CONSTRAINT "client_metrics_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_metrics" ADD CONSTRAINT "client_metrics_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_metrics" ADD CONSTRAINT "client_metrics_client_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_metrics" ADD CONSTRAINT "client_metrics_template_fk" FOREIGN KEY ("practice_id","metric_template_id") REFERENCES "public"."metric_templates"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_templates" ADD CONSTRAINT "metric_templates_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_metric_templates" ADD CONSTRAINT "service_metric_templates_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_metric_templates" ADD CONSTRAINT "service_metric_templates_service_fk" FOREIGN KEY ("practice_id","service_id") REFERENCES "public"."services"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_metric_templates" ADD CONSTRAINT "service_metric_templates_template_fk" FOREIGN KEY ("practice_id","metric_template_id") REFERENCES "public"."metric_templates"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_metric_templates_template_idx" ON "client_metric_templates" USING btree ("practice_id","metric_template_id");--> statement-breakpoint
CREATE INDEX "client_metrics_series_idx" ON "client_metrics" USING btree ("practice_id","client_id","metric_template_id","recorded_at");--> statement-breakpoint
CREATE INDEX "client_metrics_template_time_idx" ON "client_metrics" USING btree ("practice_id","metric_template_id","recorded_at");--> statement-breakpoint
CREATE INDEX "client_metrics_recorded_by_idx" ON "client_metrics" USING btree ("recorded_by_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "metric_templates_practice_name_key" ON "metric_templates" USING btree ("practice_id",lower("name"));--> statement-breakpoint
CREATE INDEX "service_metric_templates_template_idx" ON "service_metric_templates" USING btree ("practice_id","metric_template_id");