/** Builds the broker's services from validated settings and an open database. */
import type { Logger } from "pino";
import { agentCoreCredentials } from "./agentcore/credentials.ts";
import { ConnectionMarks } from "./agentcore/live-sessions.ts";
import { RuntimeSessionStopper } from "./agentcore/session-stopper.ts";
import { agentDirectoryFor } from "./agents/directory.ts";
import { AgentRegistry } from "./agents/registry.ts";
import { runtimeOriginsFor } from "./agents/runtime-origins.ts";
import { attachmentStorage } from "./attachments/storage.ts";
import { Audit } from "./audit/audit.ts";
import { cookieSettings } from "./auth/cookie.ts";
import { CredentialThrottle } from "./auth/credential-throttle.ts";
import type { Services } from "./context.ts";
import type { Database } from "./db/open.ts";
import type { Env } from "./env.ts";
import { TURN_REPORTS_PER_MINUTE } from "./history/reported-turns.ts";
import { createMinter } from "./minting/minter.ts";
import { Oidc, oidcSettings } from "./oidc/oidc.ts";
import { Revoker } from "./revocation/revoker.ts";
import { UserRateLimit } from "./security/user-rate-limit.ts";

export async function buildServices(env: Env, database: Database, log: Logger): Promise<Services> {
  const { db } = database;
  const oidc = oidcSettings(env);
  const allowed = new Set(env.INTERJECT_ALLOWED_ORIGINS.map((o) => new URL(o).origin));
  if (env.INTERJECT_PUBLIC_URL) allowed.add(new URL(env.INTERJECT_PUBLIC_URL).origin);
  const credentials = await agentCoreCredentials(env);
  const stopper = new RuntimeSessionStopper(env, credentials, log);
  return {
    db,
    env,
    log,
    throttle: new CredentialThrottle(database.sql),
    minter: createMinter(env, credentials),
    agents: new AgentRegistry(db, env.INTERJECT_PIN_AGENT),
    runtimeOrigins: runtimeOriginsFor(env, agentDirectoryFor(db)),
    mintLimit: new UserRateLimit(database, { keyPrefix: "mint", perMinute: env.INTERJECT_MINT_PER_MINUTE }),
    turnReportLimit: new UserRateLimit(database, {
      keyPrefix: "turn-report",
      perMinute: TURN_REPORTS_PER_MINUTE,
    }),
    connectionMarks: new ConnectionMarks(),
    stopper,
    revoker: new Revoker(db, stopper),
    // On PGlite, audit batches are written with COPY through the embedded client.
    audit: new Audit(db, log, database.pglite),
    attachments: attachmentStorage(env),
    oidc: oidc ? new Oidc(oidc, db) : undefined,
    sessionPolicy: {
      idleMs: env.INTERJECT_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: env.INTERJECT_SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    cookie: cookieSettings(env.INTERJECT_INSECURE_COOKIES),
    allowedOrigins: allowed,
  };
}
