-- NOT VALID: new and changed rows are checked from now on; a row an older version let in (a session in
-- year 20, a metric of 1e308) stays readable rather than stopping the upgrade.
ALTER TABLE "client_metrics" ADD CONSTRAINT "client_metrics_value_range" CHECK ("client_metrics"."value_num" between -1000000000 and 1000000000) NOT VALID;--> statement-breakpoint
ALTER TABLE "client_metrics" ADD CONSTRAINT "client_metrics_recorded_at_range" CHECK ("client_metrics"."recorded_at" >= '1900-01-01T00:00:00Z' and "client_metrics"."recorded_at" < '2101-01-01T00:00:00Z') NOT VALID;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_date_of_birth_range" CHECK ("clients"."date_of_birth" between '1900-01-01' and '2100-12-31') NOT VALID;--> statement-breakpoint
ALTER TABLE "metric_templates" ADD CONSTRAINT "metric_templates_min_range" CHECK ("metric_templates"."min_value" between -1000000000 and 1000000000) NOT VALID;--> statement-breakpoint
ALTER TABLE "metric_templates" ADD CONSTRAINT "metric_templates_max_range" CHECK ("metric_templates"."max_value" between -1000000000 and 1000000000) NOT VALID;--> statement-breakpoint
ALTER TABLE "metric_templates" ADD CONSTRAINT "metric_templates_step_range" CHECK ("metric_templates"."step" is null or "metric_templates"."step" > 0 and "metric_templates"."step" <= 1000000000) NOT VALID;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_start_date_range" CHECK ("programs"."start_date" between '1900-01-01' and '2100-12-31') NOT VALID;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_end_date_range" CHECK ("programs"."end_date" between '1900-01-01' and '2100-12-31') NOT VALID;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_at_most_a_day" CHECK ("sessions"."end_time" - "sessions"."start_time" <= interval '24 hours') NOT VALID;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_start_range" CHECK ("sessions"."start_time" >= '1900-01-01T00:00:00Z' and "sessions"."start_time" < '2101-01-01T00:00:00Z') NOT VALID;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_end_range" CHECK ("sessions"."end_time" >= '1900-01-01T00:00:00Z' and "sessions"."end_time" < '2101-01-01T00:00:00Z') NOT VALID;--> statement-breakpoint
ALTER TABLE "unplaced_bookings" ADD CONSTRAINT "unplaced_bookings_start_range" CHECK ("unplaced_bookings"."start_time" >= '1900-01-01T00:00:00Z' and "unplaced_bookings"."start_time" < '2101-01-01T00:00:00Z') NOT VALID;--> statement-breakpoint
ALTER TABLE "unplaced_bookings" ADD CONSTRAINT "unplaced_bookings_end_range" CHECK ("unplaced_bookings"."end_time" >= '1900-01-01T00:00:00Z' and "unplaced_bookings"."end_time" < '2101-01-01T00:00:00Z') NOT VALID;
