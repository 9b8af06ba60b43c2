-- A practitioner is never in two places at once: no two non-canceled sessions of one practitioner in one
-- practice may overlap. The database is the guard; the app only explains a refusal. Half-open ranges
-- ('[)') let one session end at 10:00 and the next start at 10:00.
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_no_double_booking"
  EXCLUDE USING gist (
    "practice_id" WITH =,
    "practitioner_id" WITH =,
    tstzrange("start_time", "end_time", '[)') WITH &&
  ) WHERE ("status" <> 'canceled');
