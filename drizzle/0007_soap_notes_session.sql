ALTER TABLE "soap_notes" ADD COLUMN "session_id" uuid;--> statement-breakpoint
ALTER TABLE "soap_notes" ADD CONSTRAINT "soap_notes_session_fk" FOREIGN KEY ("practice_id","session_id") REFERENCES "public"."sessions"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "soap_notes_session_idx" ON "soap_notes" USING btree ("practice_id","session_id");