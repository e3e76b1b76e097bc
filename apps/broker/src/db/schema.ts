/**
 * The broker's one database schema (PostgreSQL dialect, used by both PGlite and PostgreSQL). Changes go
 * through `pnpm db:generate`, which writes a new versioned migration under ../../drizzle/.
 */
import { TURN_STATUSES, TurnReporter, TurnStopReason } from "@interject/protocol";
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * The built-in agent's id, fixed so that the migration can give every conversation from before the registry to
 * it: the broker registers the agent under this id on its first start (agents/bootstrap.ts).
 */
export const BUILT_IN_AGENT_ID = "00000000-0000-4000-8000-000000000001";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Raw bytes: PGlite answers a Uint8Array, node-postgres a Buffer (a Uint8Array too). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });
/** A protocol enum's values as drizzle types a text column with them (zod lists them as a plain array). */
const valuesOf = <T extends string>(zodEnum: { options: T[] }) => zodEnum.options as [T, ...T[]];

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    role: text("role", { enum: ["user", "admin"] }).notNull(),
    passwordHash: text("password_hash"),
    /** `<issuer> <sub>` for users who sign in with OIDC. */
    oidcSubject: text("oidc_subject"),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("users_email_idx").on(t.email),
    uniqueIndex("users_oidc_subject_idx").on(t.oidcSubject),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie token: a stolen database does not yield usable cookies. */
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: at("created_at").notNull(),
    lastSeenAt: at("last_seen_at").notNull(),
    expiresAt: at("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const oidcStates = pgTable("oidc_states", {
  state: text("state").primaryKey(),
  codeVerifier: text("code_verifier").notNull(),
  nonce: text("nonce").notNull(),
  expiresAt: at("expires_at").notNull(),
});

/**
 * The agents registry: each AgentCore runtime people may talk to (see agents/). Agents are never deleted, only
 * disabled, so a conversation always knows its agent. `builtIn` marks the one defined by the broker's own
 * settings (AGENTCORE_RUNTIME_ARN); `isDefault` the one preselected for new conversations (at most one).
 */
export const agents = pgTable(
  "agents",
  {
    id: text("id").primaryKey(),
    /** The short name the CLI uses (`pnpm conformance --agent <name>`). */
    name: text("name").notNull(),
    displayName: text("display_name").notNull(),
    description: text("description").notNull().default(""),
    runtimeArn: text("runtime_arn").notNull(),
    qualifier: text("qualifier"),
    region: text("region").notNull(),
    protocolLevel: text("protocol_level", { enum: ["basic", "full", "detect"] }).notNull(),
    access: text("access", { enum: ["everyone", "admins"] }).notNull(),
    /** The trace level users get (admins always get `full`). */
    defaultTraceLevel: text("default_trace_level", { enum: ["milestones", "full"] }).notNull(),
    enabled: boolean("enabled").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    builtIn: boolean("built_in").notNull().default(false),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("agents_name_idx").on(t.name),
    uniqueIndex("agents_default_idx").on(t.isDefault).where(sql`${t.isDefault}`),
    uniqueIndex("agents_built_in_idx").on(t.builtIn).where(sql`${t.builtIn}`),
  ],
);

export const conversations = pgTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    sessionId: text("session_id").notNull(),
    /**
     * The agent the conversation talks to, for good. Conversations from before the registry belong to the
     * built-in agent (BUILT_IN_AGENT_ID, the column's default; see the migration).
     */
    agentId: text("agent_id")
      .notNull()
      .default(BUILT_IN_AGENT_ID)
      .references(() => agents.id),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
    lastStatus: text("last_status", { enum: TURN_STATUSES }),
    /**
     * When a connection URL was last minted for this conversation, written at most once a minute: the runtime
     * session may have live sockets while one minted then could still be open (see runtime/live-sessions.ts).
     */
    lastConnectionAt: at("last_connection_at"),
    /** Set while the owner keeps it pinned at the top of their list. */
    pinnedAt: at("pinned_at"),
  },
  (t) => [
    uniqueIndex("conversations_session_idx").on(t.sessionId),
    index("conversations_user_updated_idx").on(t.userId, t.updatedAt, t.id),
    index("conversations_updated_idx").on(t.updatedAt, t.id),
    index("conversations_agent_live_idx").on(t.agentId, t.lastConnectionAt),
  ],
);

/**
 * The branches of a conversation: each is a runtime session of its own. The first (`parent_branch_id` and
 * `fork_turn_id` null) is the conversation's `session_id`; an edited or retried message starts another,
 * which inherits the turns of `parent_branch_id`'s path up to and including `fork_turn_id` (one of that
 * branch's own turns), or nothing when both are null (the first message was edited). See
 * conversations/branches.ts.
 */
export const conversationBranches = pgTable(
  "conversation_branches",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    sessionId: text("session_id").notNull(),
    parentBranchId: text("parent_branch_id"),
    forkTurnId: text("fork_turn_id"),
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("conversation_branches_session_idx").on(t.sessionId),
    index("conversation_branches_conversation_idx").on(t.conversationId, t.createdAt),
  ],
);

/** Every stream message the agent reported, at full trace level; (session_id, seq) makes ingest idempotent. */
export const events = pgTable(
  "events",
  {
    sessionId: text("session_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    type: text("type").notNull(),
    turnId: text("turn_id"),
    /** For `trace` messages: the trace kind, so readers at milestone level are filtered in SQL. */
    traceKind: text("trace_kind"),
    message: jsonb("message").notNull(),
    receivedAt: at("received_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.seq] }), index("events_turn_idx").on(t.sessionId, t.turnId)],
);

/** Each turn of a session: written when it starts and when it ends, never per chunk (see history/ingest.ts). */
export const turns = pgTable(
  "turns",
  {
    sessionId: text("session_id").notNull(),
    turnId: text("turn_id").notNull(),
    /** The seq of the turn's first event: the turns' order. */
    firstSeq: bigint("first_seq", { mode: "number" }).notNull(),
    prompt: text("prompt").notNull(),
    /**
     * The answer as the final message gave it; null while it streams (or when it ended in an error or lost
     * a part of its final message): readers then join the turn's stored chunks (see history/read.ts).
     */
    response: text("response"),
    status: text("status", { enum: TURN_STATUSES }).notNull(),
    startedAt: at("started_at").notNull(),
    endedAt: at("ended_at"),
    /** The ids of the files the prompt carried (its `turn` message's `attachments`); null when none. */
    attachments: jsonb("attachments").$type<string[]>(),
    /** The owner's verdict on the answer (see feedback/store.ts); written by the owner, never by ingest. */
    feedbackRating: text("feedback_rating", { enum: ["up", "down"] }),
    feedbackComment: text("feedback_comment"),
    feedbackAt: at("feedback_at"),
    /**
     * Who reported the turn: the agent (its events), or a browser for an agent that reports nothing (the basic
     * level; history/reported-turns.ts). A reported turn has no events: its `first_seq` is 0 and it takes its
     * place among the session's turns by `started_at`.
     */
    reportedBy: text("reported_by", { enum: valuesOf(TurnReporter) })
      .notNull()
      .default("agent"),
    /** Why a reported turn stopped early (an agent's turn has the reason in its `interrupted` event). */
    stopReason: text("stop_reason", { enum: valuesOf(TurnStopReason) }),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.turnId] }),
    index("turns_session_seq_idx").on(t.sessionId, t.firstSeq),
    index("turns_status_idx").on(t.status, t.sessionId),
    index("turns_feedback_idx").on(t.feedbackRating, t.sessionId),
    // Full-text search over what was said (conversations/search.ts); the same expression there.
    index("turns_text_search_idx").using(
      "gin",
      sql`to_tsvector('english', ${t.prompt} || ' ' || coalesce(${t.response}, ''))`,
    ),
  ],
);

/**
 * Files people attach to prompts. Uploaded by a user before the prompt exists (unbound, conversation_id
 * null), bound to the conversation whose agent first reads it or whose `turn` names it; deleted with it.
 * The bytes are in `data` (the default) or in S3 under `storage_key` (see attachments/storage.ts).
 */
export const attachments = pgTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id").references(() => conversations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    data: bytea("data"),
    storageKey: text("storage_key"),
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    index("attachments_conversation_idx").on(t.conversationId),
    index("attachments_user_created_idx").on(t.userId, t.createdAt),
  ],
);

/**
 * Read-only links to a conversation as it was when shared: the branch on screen then, up to and including
 * `last_turn_id` (null: it had none), for any signed-in user of the deployment until `expires_at` or until
 * the owner revokes it. The id is the link's secret part.
 */
export const shares = pgTable(
  "shares",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    branchId: text("branch_id")
      .notNull()
      .references(() => conversationBranches.id, { onDelete: "cascade" }),
    lastTurnId: text("last_turn_id"),
    createdAt: at("created_at").notNull(),
    expiresAt: at("expires_at").notNull(),
    revokedAt: at("revoked_at"),
  },
  (t) => [
    index("shares_user_created_idx").on(t.userId, t.createdAt),
    index("shares_conversation_idx").on(t.conversationId),
  ],
);

/**
 * Counters of rate-limiter-flexible's RateLimiterPostgres (sign-in and password failures, minting), shared by
 * every broker on the database. Its own column layout: `expire` is epoch milliseconds. UNLOGGED in the
 * migration: no WAL per counted request; a database crash empties the counters, which only forgives.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: bigint("expire", { mode: "number" }),
});

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: at("at").notNull(),
    actorUserId: text("actor_user_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    /** Never a secret, a cookie, a token or a presigned URL. */
    detail: jsonb("detail").notNull().default(sql`'{}'::jsonb`),
    source: text("source"),
  },
  (t) => [
    index("audit_at_idx").on(t.at),
    index("audit_actor_at_idx").on(t.actorUserId, t.at),
    index("audit_action_at_idx").on(t.action, t.at),
  ],
);

/**
 * Each agent process's latest MCP status report (routes/mcp-status.ts): its servers and their tools. A process
 * that misses three reports counts as gone; rows of processes gone for a day are deleted on the next report.
 */
export const mcpReports = pgTable(
  "mcp_reports",
  {
    agent: text("agent").notNull(),
    instanceId: text("instance_id").notNull(),
    reportedAt: at("reported_at").notNull(),
    reportSeconds: integer("report_seconds").notNull(),
    servers: jsonb("servers").notNull(),
    tools: jsonb("tools").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.agent, t.instanceId] }),
    index("mcp_reports_reported_idx").on(t.reportedAt),
  ],
);

/** The MCP tools an administrator switched off, per agent (a row each); agents withhold them from the model. */
export const mcpToolSwitches = pgTable(
  "mcp_tool_switches",
  {
    agent: text("agent").notNull(),
    server: text("server").notNull(),
    tool: text("tool").notNull(),
    switchedOffAt: at("switched_off_at").notNull(),
    switchedOffBy: text("switched_off_by"),
  },
  (t) => [primaryKey({ columns: [t.agent, t.server, t.tool] })],
);
