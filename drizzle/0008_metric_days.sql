CREATE TABLE "client_metric_days" (
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"metric_template_id" uuid NOT NULL,
	"day" date NOT NULL,
	"n" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	CONSTRAINT "client_metric_days_pkey" PRIMARY KEY("practice_id","client_id","metric_template_id","day")
);
--> statement-breakpoint
ALTER TABLE "client_metric_days" ADD CONSTRAINT "client_metric_days_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_metric_days" ADD CONSTRAINT "client_metric_days_client_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_metric_days" ADD CONSTRAINT "client_metric_days_template_fk" FOREIGN KEY ("practice_id","metric_template_id") REFERENCES "public"."metric_templates"("practice_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_metric_days_template_idx" ON "client_metric_days" USING btree ("practice_id","metric_template_id");