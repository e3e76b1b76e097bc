/**
 * The agents' MCP servers as the broker knows them: each agent process's latest status report, the tools an
 * administrator switched off (per agent), and the admin console's view of both. An agent process counts as
 * live while its last report is less than three of its report intervals old; on AWS every runtime session is
 * a process of its own, so one agent may have many, and the view says how many agree.
 */
import type {
  McpServerReport,
  McpServerState,
  McpStatusReport,
  McpToolAnnotations,
  McpToolRef,
  McpToolReport,
} from "@interject/protocol";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { mcpReports, mcpToolSwitches } from "../db/schema.ts";

/** A process is gone after this many missed reports. */
const MISSED_REPORTS = 3;
/** Reports of processes gone this long are deleted. */
const KEEP_GONE_MS = 24 * 60 * 60 * 1000;

export async function withheldFor(db: Db, agent: string): Promise<McpToolRef[]> {
  return db
    .select({ server: mcpToolSwitches.server, tool: mcpToolSwitches.tool })
    .from(mcpToolSwitches)
    .where(eq(mcpToolSwitches.agent, agent));
}

/** Keeps the process's report (replacing its previous one) and answers with the agent's switched-off tools. */
export async function saveReport(db: Db, report: McpStatusReport, now: Date): Promise<McpToolRef[]> {
  const row = {
    agent: report.agent,
    instanceId: report.instanceId,
    reportedAt: now,
    reportSeconds: report.reportSeconds,
    servers: report.servers,
    tools: report.tools,
  };
  await db
    .insert(mcpReports)
    .values(row)
    .onConflictDoUpdate({
      target: [mcpReports.agent, mcpReports.instanceId],
      set: { reportedAt: now, reportSeconds: row.reportSeconds, servers: row.servers, tools: row.tools },
    });
  await db.delete(mcpReports).where(lt(mcpReports.reportedAt, new Date(now.getTime() - KEEP_GONE_MS)));
  return withheldFor(db, report.agent);
}

export async function setToolSwitch(
  db: Db,
  input: { agent: string; server: string; tool: string; enabled: boolean; by: string },
  now: Date,
): Promise<void> {
  const where = and(
    eq(mcpToolSwitches.agent, input.agent),
    eq(mcpToolSwitches.server, input.server),
    eq(mcpToolSwitches.tool, input.tool),
  );
  if (input.enabled) {
    await db.delete(mcpToolSwitches).where(where);
    return;
  }
  await db
    .insert(mcpToolSwitches)
    .values({ ...input, switchedOffAt: now, switchedOffBy: input.by })
    .onConflictDoNothing();
}

export type ServerView = McpServerReport & {
  /** How many live processes see the server in each state. */
  instances: Record<McpServerState, number>;
};

export interface ToolView {
  /** The model-facing name, when a live process lists the tool. */
  name: string | null;
  server: string;
  tool: string;
  description: string;
  annotations: McpToolAnnotations;
  needsApproval: boolean;
  /** False when an administrator switched it off. */
  enabled: boolean;
  /** Whether every live process listing it has applied the switch (withholds it exactly when switched off). */
  applied: boolean;
  /** Whether a live process lists it now (a switched-off tool of a server that is down is still shown). */
  listed: boolean;
  switchedOffAt: string | null;
}

export interface AgentMcpView {
  agent: string;
  /** Live processes; 0 when every report is older than three intervals (the view is then the newest one). */
  instances: number;
  lastReportAt: string | null;
  servers: ServerView[];
  tools: ToolView[];
}

interface ReportRow {
  agent: string;
  reportedAt: Date;
  reportSeconds: number;
  servers: unknown;
  tools: unknown;
}

const refKey = (server: string, tool: string) => `${server}\u0000${tool}`;
const noStates = (): Record<McpServerState, number> => ({
  connecting: 0,
  connected: 0,
  down: 0,
  disabled: 0,
});

function agentView(
  agent: string,
  rows: ReportRow[],
  switches: Array<{ server: string; tool: string; switchedOffAt: Date }>,
  now: Date,
): AgentMcpView {
  const live = rows.filter(
    (r) => now.getTime() - r.reportedAt.getTime() < r.reportSeconds * 1000 * MISSED_REPORTS,
  );
  const newest = rows[0];
  const shown = live.length > 0 ? live : newest ? [newest] : [];
  const servers = (newest?.servers ?? []) as McpServerReport[];
  const serverViews = servers.map((server) => {
    const instances = noStates();
    for (const row of shown) {
      const seen = (row.servers as McpServerReport[]).find((s) => s.server === server.server);
      if (seen) instances[seen.state]++;
    }
    return { ...server, instances };
  });
  const off = new Map(switches.map((s) => [refKey(s.server, s.tool), s]));
  const tools = new Map<string, ToolView>();
  const agreed = new Map<string, boolean>();
  for (const row of shown) {
    for (const tool of row.tools as McpToolReport[]) {
      const key = refKey(tool.server, tool.tool);
      const enabled = !off.has(key);
      agreed.set(key, (agreed.get(key) ?? true) && tool.withheld === !enabled);
      if (tools.has(key)) continue;
      tools.set(key, {
        name: tool.name,
        server: tool.server,
        tool: tool.tool,
        description: tool.description,
        annotations: tool.annotations,
        needsApproval: tool.needsApproval,
        enabled,
        applied: true,
        listed: live.length > 0,
        switchedOffAt: off.get(key)?.switchedOffAt.toISOString() ?? null,
      });
    }
  }
  for (const [key, view] of tools) view.applied = agreed.get(key) ?? true;
  for (const [key, s] of off) {
    if (tools.has(key)) continue;
    tools.set(key, {
      name: null,
      server: s.server,
      tool: s.tool,
      description: "",
      annotations: {},
      needsApproval: false,
      enabled: false,
      applied: true,
      listed: false,
      switchedOffAt: s.switchedOffAt.toISOString(),
    });
  }
  const sorted = [...tools.values()].sort((a, b) =>
    a.server === b.server ? a.tool.localeCompare(b.tool) : a.server.localeCompare(b.server),
  );
  return {
    agent,
    instances: live.length,
    lastReportAt: newest ? newest.reportedAt.toISOString() : null,
    servers: serverViews,
    tools: sorted,
  };
}

/** Every agent that reported MCP servers in the last day or has switches, by name. */
export async function mcpOverview(db: Db, now: Date): Promise<AgentMcpView[]> {
  const [rows, switches] = await Promise.all([
    db
      .select({
        agent: mcpReports.agent,
        reportedAt: mcpReports.reportedAt,
        reportSeconds: mcpReports.reportSeconds,
        servers: mcpReports.servers,
        tools: mcpReports.tools,
      })
      .from(mcpReports)
      .orderBy(desc(mcpReports.reportedAt)),
    db.select().from(mcpToolSwitches),
  ]);
  const agents = [...new Set([...rows.map((r) => r.agent), ...switches.map((s) => s.agent)])].sort();
  return agents.map((agent) =>
    agentView(
      agent,
      rows.filter((r) => r.agent === agent),
      switches.filter((s) => s.agent === agent),
      now,
    ),
  );
}
