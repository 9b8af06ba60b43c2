// Jobs that run on a timer in every app instance. Each is safe to run concurrently (rows are claimed
// with FOR UPDATE SKIP LOCKED), so several instances need no coordination.
import type { Db } from "../db/client.js";
import { expireEnrollments } from "../domain/credits.js";
import { purgeSubmissionsBefore } from "../queries/form-submissions.js";
import { purgeExpiredBuckets } from "../queries/rate-limits.js";

const HOUR_MS = 60 * 60 * 1000;

/** Hourly rather than daily: an expiry lands within the hour, and a missed run costs nothing. */
export function startScheduledJobs(db: Db, log: (message: string) => void = console.log) {
  const run = async () => {
    try {
      const expired = await expireEnrollments(db);
      if (expired) log(`Expired ${expired} package(s).`);
      await purgeSubmissionsBefore(db, new Date(Date.now() - 7 * 24 * HOUR_MS));
      await purgeExpiredBuckets(db, new Date());
    } catch (error) {
      console.error("Scheduled job failed:", error);
    }
  };
  void run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
