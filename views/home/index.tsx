import { formatDay } from "../../src/lib/time.js";

type Props = { practiceName: string; timezone: string; today: string; days: string[] };

/** The practitioner's week. Sessions fill these days once the calendar lands; until then it says so plainly. */
export const HomePage = ({ practiceName, timezone, today, days }: Props) => (
  <>
    <h1>This week</h1>
    <p class="muted">{practiceName} · times in {timezone}</p>
    <ol class="week" aria-label="Days of this week">
      {days.map((d) => (
        <li class={d === today ? "day today" : "day"} aria-current={d === today ? "date" : undefined}>
          <h2><time datetime={d}>{formatDay(d)}</time></h2>
          <p class="empty">No sessions</p>
        </li>
      ))}
    </ol>
    <section class="card">
      <h2>Getting started</h2>
      <ol>
        <li>Check your time zone, currency and reminder times in <a href="/settings">Settings</a>.</li>
        <li>Add your services and clients, then book sessions from the calendar.</li>
      </ol>
    </section>
  </>
);
