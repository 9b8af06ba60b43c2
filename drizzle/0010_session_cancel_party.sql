ALTER TABLE "session_attendees" ADD COLUMN "changed_with_session" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "canceled_by" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_canceled_by_valid" CHECK ("sessions"."canceled_by" is null or "sessions"."canceled_by" in ('client', 'practice'));