DROP INDEX "client_metric_days_template_idx";--> statement-breakpoint
CREATE INDEX "client_metric_days_template_day_idx" ON "client_metric_days" USING btree ("practice_id","metric_template_id","day");