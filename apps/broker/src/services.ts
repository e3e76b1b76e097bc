/** Builds the broker's services from validated settings and an open database. */
import type { PGlite } from "@electric-sql/pglite";
import type { Logger } from "pino";
import { Audit } from "./audit/audit.ts";
import { cookieSettings } from "./auth/cookie.ts";
import { LoginThrottle } from "./auth/login-throttle.ts";
import type { Services } from "./context.ts";
import type { Db } from "./db/open.ts";
import type { Env } from "./env.ts";
import { createMinter } from "./minting/minter.ts";
import { MintRateLimit } from "./minting/rate-limit.ts";
import { Oidc, oidcSettings } from "./oidc/oidc.ts";

/** `pglite` is the embedded database's client when the broker runs on PGlite (undefined on PostgreSQL). */
export async function buildServices(env: Env, db: Db, log: Logger, pglite?: PGlite): Promise<Services> {
  const oidc = oidcSettings(env);
  const allowed = new Set(env.INTERJECT_ALLOWED_ORIGINS.map((o) => new URL(o).origin));
  if (env.INTERJECT_PUBLIC_URL) allowed.add(new URL(env.INTERJECT_PUBLIC_URL).origin);
  return {
    db,
    env,
    log,
    throttle: new LoginThrottle(),
    minter: await createMinter(env),
    mintLimit: new MintRateLimit(env.INTERJECT_MINT_PER_MINUTE),
    audit: new Audit(db, log, pglite),
    oidc: oidc ? new Oidc(oidc, db) : undefined,
    sessionPolicy: {
      idleMs: env.INTERJECT_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: env.INTERJECT_SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    cookie: cookieSettings(env.INTERJECT_INSECURE_COOKIES),
    allowedOrigins: allowed,
  };
}
