/**
 * Writes to the agents registry: register, edit (disabling is an edit), the agents the settings register on
 * start, and the built-in agent's runtime kept equal to the broker's settings. Each write tells every broker
 * (revocation/notify.ts, `{ kind: "agents" }`) once it has committed. At most one agent is the default: making
 * one the default clears the flag on the others in the same transaction.
 */
import { randomUUID } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { agents } from "../db/schema.ts";
import { ApiError } from "../errors.ts";
import { announceRevocation } from "../revocation/notify.ts";
import { type AgentTarget, agentTarget, type NewAgentInput } from "./agent-fields.ts";
import type { AgentRow } from "./directory.ts";

export type AgentPatch = Partial<
  Pick<
    AgentRow,
    | "name"
    | "displayName"
    | "description"
    | "runtimeArn"
    | "qualifier"
    | "region"
    | "protocolLevel"
    | "access"
    | "defaultTraceLevel"
    | "enabled"
    | "isDefault"
  >
>;

/** PostgreSQL's unique_violation, from either driver. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error || (typeof e === "object" && e !== null); ) {
    if ((e as { code?: unknown }).code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
    if (e === undefined) break;
  }
  return false;
}

const nameTaken = (name: string) =>
  new ApiError(409, "conflict", `an agent is already called ${name}`, undefined, {
    name: `another agent is already called ${name}; short names are unique`,
  });

async function nameInUse(db: Db, name: string, exceptId?: string): Promise<boolean> {
  const rows = await db
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.name, name), exceptId ? ne(agents.id, exceptId) : undefined))
    .limit(1);
  return rows.length > 0;
}

export async function createAgent(db: Db, input: NewAgentInput): Promise<AgentRow> {
  if (await nameInUse(db, input.name)) throw nameTaken(input.name);
  const now = new Date();
  const target = agentTarget(input);
  let row: AgentRow | undefined;
  try {
    row = await db.transaction(async (tx) => {
      if (input.isDefault)
        await tx.update(agents).set({ isDefault: false }).where(eq(agents.isDefault, true));
      const [inserted] = await tx
        .insert(agents)
        .values({
          id: randomUUID(),
          name: input.name,
          displayName: input.displayName,
          description: input.description ?? "",
          ...target,
          protocolLevel: input.protocolLevel ?? "detect",
          access: input.access ?? "everyone",
          defaultTraceLevel: input.defaultTraceLevel ?? "milestones",
          enabled: input.enabled ?? true,
          isDefault: input.isDefault ?? false,
          builtIn: false,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return inserted;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
  if (!row) throw new Error("insert returned no row");
  await announceRevocation(db, { kind: "agents" });
  return row;
}

/** Applies a checked patch; returns the row before and after. 404 for an unknown id. */
export async function updateAgent(
  db: Db,
  id: string,
  patch: AgentPatch,
): Promise<{ before: AgentRow; after: AgentRow }> {
  if (patch.name !== undefined && (await nameInUse(db, patch.name, id))) throw nameTaken(patch.name);
  let result: { before: AgentRow; after: AgentRow } | undefined;
  try {
    result = await db.transaction(async (tx) => {
      const [before] = await tx.select().from(agents).where(eq(agents.id, id)).for("update");
      if (!before) return undefined;
      if (patch.isDefault === true && !before.isDefault)
        await tx.update(agents).set({ isDefault: false }).where(eq(agents.isDefault, true));
      const [after] = await tx
        .update(agents)
        .set({ ...patch, updatedAt: new Date() })
        .where(eq(agents.id, id))
        .returning();
      return after ? { before, after } : undefined;
    });
  } catch (err) {
    if (isUniqueViolation(err) && patch.name !== undefined) throw nameTaken(patch.name);
    throw err;
  }
  if (!result) throw new ApiError(404, "not_found", "no such agent");
  await announceRevocation(db, { kind: "agents" });
  return result;
}

/**
 * Registers each agent of the settings (INTERJECT_AGENTS) whose short name no agent has yet, and never
 * changes one that exists: the first start registers them all, a later start only names added to the list.
 * Returns the names registered.
 */
export async function registerListedAgents(db: Db, list: readonly NewAgentInput[]): Promise<string[]> {
  const registered: string[] = [];
  for (const entry of list) {
    if (await nameInUse(db, entry.name)) continue;
    try {
      await createAgent(db, entry);
      registered.push(entry.name);
    } catch (err) {
      // Another broker registered it at the same moment.
      if (!(err instanceof ApiError && err.status === 409)) throw err;
    }
  }
  return registered;
}

/**
 * The built-in agent (registered by the migration) reaches the runtime the settings name
 * (AGENTCORE_RUNTIME_ARN, AGENTCORE_QUALIFIER, AWS_REGION), at every start. Pinned (`pinned`), it is also
 * enabled, for everyone, and the default. Returns whether anything changed.
 */
export async function syncBuiltInAgent(db: Db, target: AgentTarget, pinned: boolean): Promise<boolean> {
  const wanted: AgentPatch = pinned
    ? { ...target, enabled: true, access: "everyone", isDefault: true }
    : target;
  const [row] = await db.select().from(agents).where(eq(agents.builtIn, true)).limit(1);
  if (!row)
    throw new Error("the built-in agent is missing from the agents table (migration agents_registry)");
  const changed = (Object.keys(wanted) as Array<keyof AgentPatch>).some((key) => row[key] !== wanted[key]);
  if (!changed) return false;
  await db.transaction(async (tx) => {
    if (wanted.isDefault)
      await tx
        .update(agents)
        .set({ isDefault: false })
        .where(and(eq(agents.isDefault, true), ne(agents.id, row.id)));
    await tx
      .update(agents)
      .set({ ...wanted, updatedAt: new Date() })
      .where(eq(agents.id, row.id));
  });
  await announceRevocation(db, { kind: "agents" });
  return true;
}
