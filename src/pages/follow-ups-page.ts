// The data of the pages that show follow-ups: the /follow-ups list (due buckets, suggestions, done), the
// client page's section and the prompt a completed session shows. Full pages and the fragments that
// re-render them load it here, the same way.
import type { Db } from "../db/client.js";
import type { CalendarSession, Practice } from "../db/schema.js";
import { defaultFollowUpDue, defaultFollowUpNotes, dueBucket, rebookSuggestions } from "../domain/follow-ups.js";
import { toLocalInput } from "../lib/time.js";
import {
  listClientFollowUps, listDoneFollowUps, listMembers, listOpenFollowUps, listSessionClients, listSessionFollowUps, type FollowUpView, type RebookSuggestion,
} from "../queries/follow-ups.js";

export type Member = { id: string; fullName: string };
export type FollowUpBuckets = { overdue: FollowUpView[]; today: FollowUpView[]; upcoming: FollowUpView[] };
export type FollowUpsPage = FollowUpBuckets & { suggestions: RebookSuggestion[]; done: FollowUpView[] | null };

export async function loadFollowUpsPage(db: Db, practice: Practice, showDone: boolean, now = new Date()): Promise<FollowUpsPage> {
  const [open, suggestions, done] = await Promise.all([
    listOpenFollowUps(db, practice.id),
    rebookSuggestions(db, practice, now),
    showDone ? listDoneFollowUps(db, practice.id) : Promise.resolve(null),
  ]);
  const buckets: FollowUpBuckets = { overdue: [], today: [], upcoming: [] };
  for (const view of open) buckets[dueBucket(view.followUp.dueAt, practice.timezone, now)].push(view);
  return { ...buckets, suggestions, done };
}

export type ClientFollowUpsSection = { clientId: string; open: FollowUpView[]; members: Member[]; defaults: Record<string, string> };

/** The client page's section: open follow-ups and the add form, prefilled from the practice's default. */
export async function loadClientFollowUps(db: Db, practice: Practice, clientId: string, userId: string, now = new Date()): Promise<ClientFollowUpsSection> {
  const [open, members] = await Promise.all([listClientFollowUps(db, practice.id, clientId), listMembers(db, practice.id)]);
  const due = new Date(now.getTime() + practice.followUpDefaultDays * 86_400_000);
  return { clientId, open, members, defaults: { type: "call", notes: "", due: toLocalInput(due, practice.timezone), assigneeId: userId } };
}

export type PromptClient = { clientId: string; clientName: string; followUps: FollowUpView[] };
export type SessionPrompt = {
  sessionId: string; clients: PromptClient[]; members: Member[]; defaults: Record<string, string>;
  /** Drawn right after "Mark completed" (a prompt with "Skip for now"), rather than on a later visit to the session. */
  justCompleted?: boolean;
};

/** After "Mark completed": per client who came, the follow-ups from this session, or the prefilled offer. */
export async function loadSessionPrompt(db: Db, practice: Practice, session: CalendarSession, userId: string): Promise<SessionPrompt> {
  const [clients, followUps, members] = await Promise.all([
    listSessionClients(db, practice.id, session.id), listSessionFollowUps(db, practice.id, session.id), listMembers(db, practice.id),
  ]);
  return {
    sessionId: session.id,
    clients: clients.map((c) => ({ ...c, followUps: followUps.filter((f) => f.followUp.clientId === c.clientId) })),
    members,
    defaults: {
      type: "call", notes: defaultFollowUpNotes(practice.followUpDefaultDays),
      due: toLocalInput(defaultFollowUpDue(practice, session), practice.timezone), assigneeId: userId, sessionId: session.id,
    },
  };
}
