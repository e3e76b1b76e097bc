/** The admin console: users, agents, conversations across users, audit log, MCP servers, as tabs (admins only). */
import { useState } from "react";
import { useMe } from "../auth/use-auth.ts";
import { AgentsPanel } from "./agents-panel.tsx";
import { AuditPanel } from "./audit-panel.tsx";
import { ConversationsPanel } from "./conversations-panel.tsx";
import { McpPanel } from "./mcp-panel.tsx";
import { UsersPanel } from "./users-panel.tsx";

const TABS = [
  { id: "users", label: "Users", Panel: UsersPanel },
  { id: "agents", label: "Agents", Panel: AgentsPanel },
  { id: "conversations", label: "Conversations", Panel: ConversationsPanel },
  { id: "audit", label: "Audit log", Panel: AuditPanel },
  { id: "mcp", label: "MCP", Panel: McpPanel },
] as const;

export function AdminPage() {
  const me = useMe();
  const [tab, setTab] = useState<(typeof TABS)[number]["id"]>("users");
  if (me.data?.role !== "admin") return <p className="pad">The admin console is for administrators.</p>;
  const active = TABS.find((t) => t.id === tab) ?? TABS[0];
  return (
    <div className="page">
      <h1>Admin</h1>
      <div role="tablist" aria-label="Admin sections" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === tab}
            aria-controls={`panel-${t.id}`}
            className="tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${active.id}`} aria-labelledby={`tab-${active.id}`}>
        <active.Panel />
      </div>
    </div>
  );
}
