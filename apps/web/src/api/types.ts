/**
 * Shapes of the broker's JSON API as the web reads them (see the contract in the broker README). Stream
 * events inside are protocol messages from @interject/protocol. With the typed `hc` client these are only
 * the names the screens use for what the broker's `AppType` already types.
 */
import type { History, HistoryTurn } from "@interject/chat-client";
import type { StreamMessage } from "@interject/protocol";

export type Role = "user" | "admin";

export interface User {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  disabled?: boolean;
  createdAt?: string;
}

export type TurnStatus = HistoryTurn["status"];

export interface Conversation {
  id: string;
  title: string;
  sessionId: string;
  createdAt: string;
  updatedAt: string;
  lastStatus: TurnStatus | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AuthConfig {
  oidc: { enabled: boolean; loginUrl: string | null };
}

export interface ConnectionGrant {
  url: string;
  expiresAt: string;
  sessionId: string;
}

export interface MessagesResponse {
  turns: HistoryTurn[];
  lastSeq: number;
}

export interface EventsResponse {
  events: StreamMessage[];
  lastSeq: number;
}

export interface AdminConversationFilters {
  userId?: string;
  from?: string;
  to?: string;
  status?: TurnStatus;
  interrupted?: boolean;
  errors?: boolean;
}

export interface AdminConversationRow extends Conversation {
  owner?: { id: string; email: string };
  userId?: string;
}

export interface AdminConversationDetail {
  conversation: Conversation;
  owner: User;
  turns: HistoryTurn[];
  events: StreamMessage[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  target: string | null;
  detail?: unknown;
}

export type { History };
