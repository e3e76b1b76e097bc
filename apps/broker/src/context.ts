/**
 * What every route module gets: the services built once at start-up, and the Hono environment type that
 * carries the signed-in user. Route modules are functions of Services so tests build apps with their own.
 */
import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import type { ConnectionMarks } from "./agentcore/live-sessions.ts";
import type { RuntimeSessionStopper } from "./agentcore/session-stopper.ts";
import type { AgentRegistry } from "./agents/registry.ts";
import type { RuntimeOrigins } from "./agents/runtime-origins.ts";
import type { AttachmentStorage } from "./attachments/storage.ts";
import type { Audit } from "./audit/audit.ts";
import type { CredentialThrottle } from "./auth/credential-throttle.ts";
import type { SessionPolicy, SessionUser } from "./auth/session-user.ts";
import type { Db } from "./db/open.ts";
import type { Env } from "./env.ts";
import type { Minter } from "./minting/minter.ts";
import type { Oidc } from "./oidc/oidc.ts";
import type { Revoker } from "./revocation/revoker.ts";
import type { UserRateLimit } from "./security/user-rate-limit.ts";

export interface CookieSettings {
  name: string;
  secure: boolean;
}

export interface Services {
  db: Db;
  env: Env;
  log: Logger;
  /** Sign-in and change-password failures, per account and per source (shared by every replica). */
  throttle: CredentialThrottle;
  minter: Minter;
  /** The agents registry: who may talk to which agent, and where its connections go. */
  agents: AgentRegistry;
  /** The CSP's connect-src for the runtime (see agents/runtime-origins.ts). */
  runtimeOrigins: RuntimeOrigins;
  mintLimit: UserRateLimit;
  /** Turn reports (`POST /api/conversations/:id/turns`) per user. */
  turnReportLimit: UserRateLimit;
  connectionMarks: ConnectionMarks;
  stopper: RuntimeSessionStopper;
  revoker: Revoker;
  audit: Audit;
  /** Where attachments' bytes are kept: the database, or S3 (attachments/storage.ts). */
  attachments: AttachmentStorage;
  oidc: Oidc | undefined;
  sessionPolicy: SessionPolicy;
  cookie: CookieSettings;
  /** The broker's own origin(s) and INTERJECT_ALLOWED_ORIGINS: the CSRF and CORS allow-list. */
  allowedOrigins: ReadonlySet<string>;
}

export interface AppEnv {
  Bindings: { incoming?: IncomingMessage };
  Variables: { user: SessionUser };
}
