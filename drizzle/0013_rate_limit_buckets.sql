CREATE TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"resets_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limit_buckets_resets_at_idx" ON "rate_limit_buckets" USING btree ("resets_at");
--> statement-breakpoint
DROP TABLE "login_attempts" CASCADE;