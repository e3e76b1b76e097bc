/**
 * Every broker call the web makes, in one file: switching the transport (plain fetch now, the typed Hono
 * `hc<AppType>` client once the broker exports it) changes only this file.
 */
import { brokerFetch, readJson } from "./fetch-json.ts";
import type {
  AdminConversationDetail,
  AdminConversationFilters,
  AdminConversationRow,
  AuditEntry,
  AuthConfig,
  ConnectionGrant,
  Conversation,
  EventsResponse,
  MessagesResponse,
  Page,
  Role,
  User,
} from "./types.ts";

function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function get<T>(path: string): Promise<T> {
  return readJson<T>(await brokerFetch(`/api${path}`));
}

async function send<T>(method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(body);
  }
  return readJson<T>(await brokerFetch(`/api${path}`, init));
}

const id = encodeURIComponent;

export const brokerApi = {
  authConfig: () => get<AuthConfig>("/auth/config"),
  login: (email: string, password: string) =>
    send<{ user: User }>("POST", "/auth/login", { email, password }),
  logout: () => send<void>("POST", "/auth/logout"),
  me: () => get<{ user: User }>("/me"),
  changePassword: (currentPassword: string, newPassword: string) =>
    send<void>("POST", "/me/password", { currentPassword, newPassword }),

  listConversations: (params: { q?: string; cursor?: string | null; limit?: number }) =>
    get<Page<Conversation>>(`/conversations${query(params)}`),
  createConversation: (title?: string) =>
    send<{ conversation: Conversation }>("POST", "/conversations", title ? { title } : {}),
  renameConversation: (conversationId: string, title: string) =>
    send<{ conversation: Conversation }>("PATCH", `/conversations/${id(conversationId)}`, { title }),
  deleteConversation: (conversationId: string) =>
    send<void>("DELETE", `/conversations/${id(conversationId)}`),
  connection: (conversationId: string) =>
    send<ConnectionGrant>("POST", `/conversations/${id(conversationId)}/connection`),
  messages: (conversationId: string) =>
    get<MessagesResponse>(`/conversations/${id(conversationId)}/messages`),
  events: (conversationId: string, afterSeq = 0) =>
    get<EventsResponse>(`/conversations/${id(conversationId)}/events${query({ afterSeq })}`),

  adminUsers: () => get<{ items: User[] } | { users: User[] }>("/admin/users"),
  adminCreateUser: (input: { email: string; password: string; role: Role; displayName?: string }) =>
    send<{ user: User }>("POST", "/admin/users", input),
  adminUpdateUser: (userId: string, patch: { role?: Role; disabled?: boolean }) =>
    send<{ user: User }>("PATCH", `/admin/users/${id(userId)}`, patch),
  adminConversations: (filters: AdminConversationFilters & { cursor?: string | null }) =>
    get<Page<AdminConversationRow>>(`/admin/conversations${query({ ...filters })}`),
  adminConversation: (conversationId: string) =>
    get<AdminConversationDetail>(`/admin/conversations/${id(conversationId)}`),
  adminAudit: (cursor?: string | null) => get<Page<AuditEntry>>(`/admin/audit${query({ cursor })}`),
};
