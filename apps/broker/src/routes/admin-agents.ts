/**
 * /api/admin/agents: the agents registry for administrators: every agent, register one, edit one (disabling is
 * an edit: `{ enabled: false }`). Problems with the fields come back per field (`error.fields`), in words that
 * say what to fix. Every change is audit-logged, and a change that makes open connections unauthorised
 * (disabling, moving the agent to another runtime, restricting it to admins, lowering users' trace level)
 * stops them (revocation/revoker.ts). With INTERJECT_PIN_AGENT the registry is read-only (409
 * registry_pinned).
 */

import { AgentProtocolLevel, TraceLevel } from "@interject/protocol";
import { Hono } from "hono";
import { z } from "zod";
import {
  AgentAccess,
  AgentName,
  agentTarget,
  agentTargetProblems,
  Description,
  DisplayName,
  NewAgentInput,
  QualifierText,
  RegionText,
  RuntimeArnText,
} from "../agents/agent-fields.ts";
import type { AgentRow } from "../agents/directory.ts";
import { type AgentPatch, createAgent, updateAgent } from "../agents/store.ts";
import { requireAdmin } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import { ApiError } from "../errors.ts";
import { validate } from "../security/validate.ts";

const PatchAgent = z
  .strictObject({
    name: AgentName.optional(),
    displayName: DisplayName.optional(),
    description: Description.optional(),
    runtimeArn: RuntimeArnText.optional(),
    qualifier: QualifierText.optional(),
    region: RegionText.optional(),
    protocolLevel: AgentProtocolLevel.optional(),
    access: AgentAccess.optional(),
    defaultTraceLevel: TraceLevel.optional(),
    enabled: z.boolean().optional(),
    isDefault: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "send at least one field to change");

const RUNTIME_FIELDS = ["runtimeArn", "qualifier", "region"] as const;
const BUILT_IN_SETTING = {
  runtimeArn: "AGENTCORE_RUNTIME_ARN",
  qualifier: "AGENTCORE_QUALIFIER",
  region: "AWS_REGION",
} as const;

function toAdminAgent(a: AgentRow) {
  return {
    id: a.id,
    name: a.name,
    displayName: a.displayName,
    description: a.description,
    runtimeArn: a.runtimeArn,
    qualifier: a.qualifier,
    region: a.region,
    protocolLevel: a.protocolLevel,
    access: a.access,
    defaultTraceLevel: a.defaultTraceLevel,
    enabled: a.enabled,
    isDefault: a.isDefault,
    builtIn: a.builtIn,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** The fields a change touched, with their new values, for the audit log (no field of an agent is a secret). */
function changedFields(before: AgentRow, after: AgentRow): Record<string, string | boolean | null> {
  const detail: Record<string, string | boolean | null> = {};
  for (const key of Object.keys(toAdminAgent(after)) as Array<keyof ReturnType<typeof toAdminAgent>>) {
    if (key === "updatedAt" || key === "createdAt") continue;
    const value = after[key];
    if (value !== before[key] && (typeof value === "string" || typeof value === "boolean" || value === null))
      detail[key] = value;
  }
  return detail;
}

/** The checked patch to store: runtime fields checked together with what they do not change. */
function checkedPatch(before: AgentRow, patch: z.infer<typeof PatchAgent>): AgentPatch {
  const touchesRuntime = RUNTIME_FIELDS.some((f) => patch[f] !== undefined);
  const { runtimeArn, qualifier, region, ...rest } = patch;
  if (!touchesRuntime) return rest;
  if (before.builtIn) {
    const fields: Record<string, string> = {};
    for (const f of RUNTIME_FIELDS) {
      const now = f === "qualifier" ? (before.qualifier ?? "") : before[f];
      if (patch[f] !== undefined && patch[f] !== now)
        fields[f] = `the built-in agent's runtime is set by ${BUILT_IN_SETTING[f]} in the broker's settings`;
    }
    if (Object.keys(fields).length > 0)
      throw new ApiError(
        400,
        "bad_request",
        "the built-in agent's runtime comes from the settings",
        undefined,
        fields,
      );
    return rest;
  }
  const merged = {
    runtimeArn: runtimeArn ?? before.runtimeArn,
    // A new ARN without a Region takes the ARN's Region (an old Region would only be a mismatch).
    qualifier: qualifier ?? before.qualifier,
    region: region ?? (runtimeArn !== undefined ? undefined : before.region),
  };
  const problems = agentTargetProblems(merged);
  if (Object.keys(problems).length > 0) {
    const [field, message] = Object.entries(problems)[0] ?? ["runtimeArn", "invalid"];
    throw new ApiError(400, "bad_request", `invalid json (${field}: ${message})`, undefined, problems);
  }
  return { ...rest, ...agentTarget(merged) };
}

export function adminAgentRoutes(s: Services) {
  const refuseWhenPinned = () => {
    if (s.agents.pinned)
      throw new ApiError(
        409,
        "registry_pinned",
        "this deployment serves one agent set by its settings (INTERJECT_PIN_AGENT); the registry cannot be changed",
      );
  };
  return new Hono<AppEnv>()
    .use(requireAdmin(s))
    .get("/", async (c) =>
      c.json({
        agents: (await s.agents.served()).map(toAdminAgent),
        pinned: s.agents.pinned,
        /** Where connections go: "aws" (each agent's regional endpoint) or the local runtime's base URL. */
        endpoint: s.env.AGENTCORE_ENDPOINT,
      }),
    )
    .post("/", validate("json", NewAgentInput), async (c) => {
      refuseWhenPinned();
      const row = await createAgent(s.db, c.req.valid("json"));
      s.audit.record({
        actorUserId: c.var.user.id,
        action: "agent.registered",
        targetType: "agent",
        targetId: row.id,
        detail: { name: row.name, runtimeArn: row.runtimeArn, region: row.region, enabled: row.enabled },
      });
      return c.json({ agent: toAdminAgent(row) }, 201);
    })
    .patch("/:id", validate("param", z.object({ id: z.uuid() })), validate("json", PatchAgent), async (c) => {
      refuseWhenPinned();
      const id = c.req.valid("param").id;
      const current = await s.agents.byId(id);
      if (!current) throw new ApiError(404, "not_found", "no such agent");
      const { before, after } = await updateAgent(s.db, id, checkedPatch(current, c.req.valid("json")));
      await s.revoker.agentChanged(before, after);
      const detail = changedFields(before, after);
      if (Object.keys(detail).length > 0)
        s.audit.record({
          actorUserId: c.var.user.id,
          action: "agent.updated",
          targetType: "agent",
          targetId: id,
          detail,
        });
      return c.json({ agent: toAdminAgent(after) });
    });
}
