import { z } from "zod";

const optional = z.string().trim().min(1).optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  APP_URL: z.url().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres://").optional(),
  DATA_DIR: z.string().default("./data"),
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  STRIPE_PRICE_ID: optional,
  STRIPE_API_BASE: z.url().optional(),
  RESEND_API_KEY: optional,
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.email({ error: "must be an address on a domain verified with Resend, e.g. reminders@your-domain.example" }).optional(),
  TRUST_PROXY: z.enum(["0", "1", "true", "false"]).default("0"),
  SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
  TRIAL_DAYS: z.coerce.number().int().min(0).max(365).default(14),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  appUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Secure cookies whenever the public URL is https (always in production). */
  secureCookies: boolean;
  /** Behind a load balancer: take the client address from the last X-Forwarded-For hop. */
  trustProxy: boolean;
  /** New practices one address may create per hour (an onboarding workshop on one wifi may need more). */
  signupsPerHour: number;
  /** Card payments and the practice subscription; null (billing off, cards "not configured") without a secret key. */
  stripe: StripeSettings | null;
  /** Days a new practice works before it needs a subscription; only when billing is on. */
  trialDays: number;
  /** Sending through Resend; null without RESEND_API_KEY (then mail goes to the dev mailbox, or waits in production). */
  email: EmailSettings | null;
  /** Mail is delivered to /dev/mailbox instead of a provider: no key and not production. */
  devMailbox: boolean;
};

export type EmailSettings = {
  apiKey: string;
  /** Another Resend API base (a local fake in tests), else Resend's own. */
  baseUrl: string | undefined;
  /** The sending address on a domain verified with Resend; the practice's name is the display name. */
  from: string;
};

export type StripeSettings = {
  secretKey: string;
  /** Verifies POST /api/webhook/stripe; without it every delivery is refused (400). */
  webhookSecret: string | undefined;
  /** The practice subscription's price; without it billing is off while card payments still work. */
  priceId: string | undefined;
  /** Another Stripe API base (a local fake in tests and offline demos), else Stripe's own. */
  apiBase: string | undefined;
};

// Empty strings count as unset, so `FOO= npm start` behaves like leaving FOO out.
function withoutBlanks(source: NodeJS.ProcessEnv) {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(withoutBlanks(source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const e = parsed.data;
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  if (e.NODE_ENV === "production" && !appUrl.startsWith("https://")) {
    throw new Error("Invalid environment:\n  APP_URL: must be https:// in production (cookies are Secure)");
  }
  if (e.RESEND_API_KEY && !e.EMAIL_FROM) {
    throw new Error("Invalid environment:\n  EMAIL_FROM: required with RESEND_API_KEY (the address emails are sent from)");
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    appUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    secureCookies: appUrl.startsWith("https://"),
    trustProxy: e.TRUST_PROXY === "1" || e.TRUST_PROXY === "true",
    signupsPerHour: e.SIGNUPS_PER_HOUR,
    stripe: e.STRIPE_SECRET_KEY
      ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, priceId: e.STRIPE_PRICE_ID, apiBase: e.STRIPE_API_BASE }
      : null,
    trialDays: e.TRIAL_DAYS,
    email: e.RESEND_API_KEY ? { apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL, from: e.EMAIL_FROM! } : null,
    devMailbox: !e.RESEND_API_KEY && e.NODE_ENV !== "production",
  };
}
