/**
 * Names for the broker's answers as the screens use them, all derived from the typed client (so they follow
 * the broker's routes), plus the filter shape of the admin conversation list.
 */
import type { brokerApi } from "./broker-api.ts";

export type { FeedbackRating } from "@interject/protocol";
export type {
  AdminConversationFilters,
  AgentInput,
  AuditFilters,
  ExportFormat,
} from "./broker-api.ts";

type Answer<K extends keyof typeof brokerApi> = Awaited<ReturnType<(typeof brokerApi)[K]>>;

export type User = Answer<"me">["user"];
export type Role = User["role"];
export type AdminUser = Answer<"adminUsers">["users"][number];
export type Conversation = Answer<"listConversations">["pinned"][number];
export type ConversationListItem = Answer<"listConversations">["items"][number];
export type SnippetPart = NonNullable<ConversationListItem["snippet"]>[number];
export type BranchTurn = Answer<"messages">["turns"][number];
/** The versions of one message: the branch that shows each, and which one is on screen. */
export type Versions = BranchTurn["versions"];
export type AuthConfig = Answer<"authConfig">;
export type ConnectionGrant = Answer<"connection">;
export type AdminConversationRow = Answer<"adminConversations">["items"][number];
export type AdminConversationDetail = Answer<"adminConversation">;
export type AuditEntry = Answer<"adminAudit">["items"][number];
export type UploadedAttachment = Answer<"uploadAttachment">["attachment"];
export type HistoryTurn = Answer<"messages">["turns"][number];
export type Feedback = NonNullable<HistoryTurn["feedback"]>;
export type FeedbackItem = Answer<"feedback">["items"][number];
export type Share = Answer<"shares">["items"][number];
export type SharedConversation = Answer<"openShare">;
export type AuditActor = NonNullable<AuditEntry["actor"]>;
/** An agent the caller may start conversations with. */
export type Agent = Answer<"agents">["agents"][number];
export type AgentProtocolLevel = Agent["protocolLevel"];
export type AdminAgent = Answer<"adminAgents">["agents"][number];
export type AdminAgentList = Answer<"adminAgents">;
