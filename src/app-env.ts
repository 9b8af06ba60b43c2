import type { Db, DbKind } from "./db/client.js";
import type { Client, Membership, Practice, User } from "./db/schema.js";
import type { Session } from "./auth/session.js";
import type { Env } from "./env.js";

/** What middleware puts on the context. `practiceId` exists only behind requireStaff. */
export type AppEnv = {
  Variables: {
    db: Db;
    dbKind: DbKind;
    env: Env;
    user: User | null;
    session: Session | null;
    practice: Practice;
    practiceId: string;
    membership: Membership;
    /**
     * Behind requireClient (the portal): the client record this login opened, its practice, and every
     * practice where the login is a client (the switcher). Portal queries take `portal.practice.id`.
     */
    portal: { client: Client; practice: Practice; accounts: { clientId: string; practiceName: string }[] };
    /** The nav badge's count, asked for as a staff page request starts so it runs beside the handler's queries. */
    followUpsDue?: Promise<number>;
  };
};
