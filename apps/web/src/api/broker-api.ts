/**
 * Every broker call the web makes, in one file, through Hono's typed RPC client: `hc<AppType>` with the
 * broker's route types (`import type`, erased at build time, so no broker code reaches the bundle). Paths,
 * inputs and answers are checked against the broker's own routes by the type checker. `brokerFetch` turns
 * every non-2xx answer and network failure into an `ApiError`, so the answers below are the success bodies.
 */
import type { AppType } from "@interject/broker/client";
import { type FeedbackRating, type ReportedTurn, StreamMessage, type TurnStatus } from "@interject/protocol";
import { hc } from "hono/client";
import { brokerFetch } from "./fetch-json.ts";

const origin = typeof location === "undefined" ? "http://localhost" : location.origin;
const api = hc<AppType>(origin, { fetch: brokerFetch, init: { credentials: "same-origin" } }).api;

type Query = Record<string, string>;

/** Browsers refuse `keepalive` requests whose bodies (together) exceed 64 KiB; leave room for the rest. */
const KEEPALIVE_BYTES = 60_000;
type Role = "user" | "admin";

/** What an admin sends to register or edit an agent: the broker's own input type. */
export type AgentInput = Parameters<typeof api.admin.agents.$post>[0]["json"];

export interface AdminConversationFilters {
  userId?: string;
  from?: string;
  to?: string;
  status?: TurnStatus;
  interrupted?: boolean;
  errors?: boolean;
  feedback?: "up" | "down" | "any";
}

export interface AuditFilters {
  /** A user id, or "system". */
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

export type ExportFormat = "markdown" | "json";

/** Drops empty values and turns the rest into the strings a query string carries. */
function query(params: Record<string, string | number | boolean | undefined | null>): Query {
  const out: Query = {};
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") out[key] = String(value);
  }
  return out;
}

/** Stored events are wire data: each is checked against the protocol schema; anything else is dropped. */
function parseEvents(raw: readonly unknown[]): StreamMessage[] {
  return raw.flatMap((event) => {
    const parsed = StreamMessage.safeParse(event);
    return parsed.success ? [parsed.data] : [];
  });
}

export const brokerApi = {
  authConfig: async () => (await api.auth.config.$get()).json(),
  login: async (email: string, password: string) =>
    (await api.auth.login.$post({ json: { email, password } })).json(),
  logout: async () => {
    await api.auth.logout.$post();
  },
  me: async () => (await api.me.$get()).json(),
  changePassword: async (currentPassword: string, newPassword: string) => {
    await api.me.password.$post({ json: { currentPassword, newPassword } });
  },

  listConversations: async (params: { q?: string; cursor?: string | null; limit?: number }) =>
    (await api.conversations.$get({ query: query(params) })).json(),
  createConversation: async (input: { title?: string; agentId?: string } = {}) =>
    (await api.conversations.$post({ json: input })).json(),
  conversation: async (id: string) => (await api.conversations[":id"].$get({ param: { id } })).json(),
  agents: async () => (await api.agents.$get()).json(),
  renameConversation: async (id: string, title: string) =>
    (await api.conversations[":id"].$patch({ param: { id }, json: { title } })).json(),
  pinConversation: async (id: string, pinned: boolean) =>
    (await api.conversations[":id"].$patch({ param: { id }, json: { pinned } })).json(),
  /** A new branch showing `fromBranchId`'s turns up to `afterTurnId` (none when null): an edit or a retry. */
  forkBranch: async (id: string, fromBranchId: string, afterTurnId: string | null) =>
    (
      await api.conversations[":id"].branches.$post({ param: { id }, json: { fromBranchId, afterTurnId } })
    ).json(),
  deleteConversation: async (id: string) => {
    await api.conversations[":id"].$delete({ param: { id } });
  },
  connection: async (id: string, branch?: string) =>
    (await api.conversations[":id"].connection.$post({ param: { id }, query: query({ branch }) })).json(),
  /** One branch's turns (the one used last when `branch` is not given), with each message's versions. */
  messages: async (id: string, branch?: string) =>
    (await api.conversations[":id"].messages.$get({ param: { id }, query: query({ branch }) })).json(),
  /**
   * A turn a basic agent's conversation finished on `branch` (the agent reports nothing itself). Sent with
   * `keepalive` when it fits the browser's 64 KB allowance for it, so a report made as the page goes away
   * still arrives.
   */
  reportTurn: async (id: string, turn: ReportedTurn, branch?: string) => {
    const keepalive = new TextEncoder().encode(JSON.stringify(turn)).length < KEEPALIVE_BYTES;
    await api.conversations[":id"].turns.$post(
      { param: { id }, query: query({ branch }), json: turn },
      { init: { keepalive } },
    );
  },
  events: async (id: string, afterSeq = 0, branch?: string) => {
    const body = await (
      await api.conversations[":id"].events.$get({ param: { id }, query: query({ afterSeq, branch }) })
    ).json();
    return { lastSeq: body.lastSeq, events: parseEvents(body.events) };
  },

  adminUsers: async () => (await api.admin.users.$get()).json(),
  adminCreateUser: async (input: { email: string; password: string; role: Role; displayName?: string }) =>
    (await api.admin.users.$post({ json: input })).json(),
  adminUpdateUser: async (id: string, patch: { role?: Role; disabled?: boolean }) =>
    (await api.admin.users[":id"].$patch({ param: { id }, json: patch })).json(),
  adminConversations: async (filters: AdminConversationFilters & { cursor?: string | null }) =>
    (await api.admin.conversations.$get({ query: query({ ...filters }) })).json(),
  adminConversation: async (id: string, branch?: string) => {
    const body = await (
      await api.admin.conversations[":id"].$get({ param: { id }, query: query({ branch }) })
    ).json();
    return { ...body, events: parseEvents(body.events) };
  },
  adminAudit: async (filters: AuditFilters & { cursor?: string | null }) =>
    (await api.admin.audit.$get({ query: query({ ...filters }) })).json(),
  adminAuditActions: async () => (await api.admin.audit.actions.$get()).json(),
  adminResetPassword: async (id: string) =>
    (await api.admin.users[":id"].password.$post({ param: { id } })).json(),
  adminDeleteUser: async (id: string) => (await api.admin.users[":id"].$delete({ param: { id } })).json(),

  /** Uploads one file (the raw bytes; the broker checks what it is); answers its id, type and size. */
  uploadAttachment: async (file: File) =>
    (
      await api.attachments.$post(
        { query: { name: file.name } },
        {
          init: {
            body: file,
            headers: { "content-type": file.type || "application/octet-stream" },
          },
        },
      )
    ).json(),
  deleteAttachment: async (id: string) => {
    await api.attachments[":id"].$delete({ param: { id } });
  },
  /** Where the browser reads a file back (images show inline, documents download). */
  attachmentUrl: (id: string) => api.attachments[":id"].$url({ param: { id } }).pathname,

  feedback: async (conversationId: string) =>
    (await api.conversations[":id"].feedback.$get({ param: { id: conversationId } })).json(),
  setFeedback: async (conversationId: string, turnId: string, rating: FeedbackRating, comment?: string) =>
    (
      await api.conversations[":id"].turns[":turnId"].feedback.$put({
        param: { id: conversationId, turnId },
        json: comment ? { rating, comment } : { rating },
      })
    ).json(),
  clearFeedback: async (conversationId: string, turnId: string) => {
    await api.conversations[":id"].turns[":turnId"].feedback.$delete({
      param: { id: conversationId, turnId },
    });
  },

  /** The download address of a conversation's export: the branch on screen (or the one used last) first. */
  exportUrl: (conversationId: string, format: ExportFormat, branch?: string) => {
    const url = api.conversations[":id"].export.$url({
      param: { id: conversationId },
      query: branch ? { format, branch } : { format },
    });
    return `${url.pathname}${url.search}`;
  },
  /** A link to the branch on screen (or the one used last) as it is now. */
  createShare: async (conversationId: string, expiresInDays: number, branchId?: string) =>
    (
      await api.conversations[":id"].shares.$post({
        param: { id: conversationId },
        json: branchId ? { expiresInDays, branchId } : { expiresInDays },
      })
    ).json(),
  shares: async () => (await api.shares.$get()).json(),
  revokeShare: async (shareId: string) => {
    await api.shares[":id"].$delete({ param: { id: shareId } });
  },
  openShare: async (shareId: string) => (await api.shares[":id"].$get({ param: { id: shareId } })).json(),

  adminAgents: async () => (await api.admin.agents.$get()).json(),
  adminCreateAgent: async (input: AgentInput) => (await api.admin.agents.$post({ json: input })).json(),
  adminUpdateAgent: async (id: string, patch: Partial<AgentInput>) =>
    (await api.admin.agents[":id"].$patch({ param: { id }, json: patch })).json(),
  adminMcp: async () => (await api.admin.mcp.$get()).json(),
  adminSwitchMcpTool: async (input: { agent: string; server: string; tool: string; enabled: boolean }) =>
    (
      await api.admin.mcp.agents[":agent"].tools.$put({
        param: { agent: input.agent },
        json: { server: input.server, tool: input.tool, enabled: input.enabled },
      })
    ).json(),
};
