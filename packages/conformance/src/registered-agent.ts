/**
 * `--agent <name>`: an agent registered in an Interject broker. The broker's registry is the one place that
 * knows a registered agent's runtime (ARN, qualifier, Region) and where connections go (`AGENTCORE_ENDPOINT`),
 * so the CLI asks it, as an administrator (`GET /api/admin/agents`, the console's own call), then signs its
 * own presigned URLs for that runtime (runtime-target.ts): the broker never hands out a URL for this, and the
 * checks open many sessions. The sign-in is left to expire: signing out would end the administrator's other
 * sign-ins too (the broker's logout ends them all).
 */
import { z } from "zod";
import type { Env } from "./env.ts";
import { AgentLookupError } from "./errors.ts";
import type { RuntimeTargetOptions } from "./runtime-target.ts";

/**
 * The fields of the broker's `AdminAgent` the suite needs. Not strict: the broker's answer carries more (and
 * may gain fields), none of which matter here.
 */
const RegisteredAgent = z.object({
  name: z.string(),
  runtimeArn: z.string(),
  qualifier: z.string().nullable(),
  region: z.string(),
  enabled: z.boolean(),
});
export type RegisteredAgent = z.infer<typeof RegisteredAgent>;

const AdminAgentsAnswer = z.object({
  agents: z.array(RegisteredAgent),
  /** "aws", or the local runtime's base URL. */
  endpoint: z.string(),
});

/** A registered agent's runtime, and whether the registry has it enabled (a disabled one is still tested). */
export interface RegisteredRuntime {
  runtime: RuntimeTargetOptions;
  enabled: boolean;
}

async function call(url: URL, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new AgentLookupError(
      `cannot reach the broker at ${url.origin} to ${what}: ${(error as Error).message}`,
    );
  }
}

/** The `name=value` pairs of the answer's cookies, as a `Cookie` header sends them back. */
function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";", 1)[0]?.trim() ?? "")
    .filter((pair) => pair.includes("="))
    .join("; ");
}

/** Signs in as the administrator of INTERJECT_ADMIN_EMAIL / INTERJECT_ADMIN_PASSWORD; the session's cookies. */
async function signIn(broker: URL, env: Env): Promise<string> {
  if (!env.INTERJECT_ADMIN_EMAIL || !env.INTERJECT_ADMIN_PASSWORD) {
    throw new AgentLookupError(
      "--agent asks the broker for the agent's runtime as an administrator: set INTERJECT_ADMIN_EMAIL and INTERJECT_ADMIN_PASSWORD",
    );
  }
  const response = await call(
    new URL("/api/auth/login", broker),
    {
      method: "POST",
      // The broker refuses a state-changing request from another origin (CSRF): this one is its own.
      headers: { "content-type": "application/json", origin: broker.origin },
      body: JSON.stringify({ email: env.INTERJECT_ADMIN_EMAIL, password: env.INTERJECT_ADMIN_PASSWORD }),
    },
    "sign in",
  );
  if (response.status === 401) {
    throw new AgentLookupError(
      `the broker at ${broker.origin} refused INTERJECT_ADMIN_EMAIL / INTERJECT_ADMIN_PASSWORD (401)`,
    );
  }
  if (!response.ok) {
    throw new AgentLookupError(`signing in to the broker at ${broker.origin} failed (${response.status})`);
  }
  const cookies = cookiesOf(response);
  if (cookies === "") throw new AgentLookupError(`the broker at ${broker.origin} set no session cookie`);
  return cookies;
}

/**
 * Looks `name` up in the registry of the broker at INTERJECT_BROKER_URL. `endpoint` (from `--endpoint`)
 * replaces the broker's own data-plane endpoint, for a runtime the broker reaches by another address.
 */
export async function lookUpRegisteredAgent(
  name: string,
  env: Env,
  endpoint?: string,
): Promise<RegisteredRuntime> {
  const broker = new URL(env.INTERJECT_BROKER_URL);
  const cookie = await signIn(broker, env);
  const response = await call(
    new URL("/api/admin/agents", broker),
    { headers: { cookie, accept: "application/json" } },
    "list the agents",
  );
  if (response.status === 403) {
    throw new AgentLookupError(`${env.INTERJECT_ADMIN_EMAIL} is not an administrator of ${broker.origin}`);
  }
  if (!response.ok) {
    throw new AgentLookupError(`the broker at ${broker.origin} answered ${response.status} for its agents`);
  }
  const answer = AdminAgentsAnswer.safeParse(await response.json().catch(() => null));
  if (!answer.success) {
    throw new AgentLookupError(
      `the broker at ${broker.origin} answered with no agents list (is it Interject?)`,
    );
  }
  const agent = answer.data.agents.find((a) => a.name === name);
  if (!agent) {
    const names = answer.data.agents.map((a) => a.name).join(", ") || "none";
    throw new AgentLookupError(
      `no agent named "${name}" is registered at ${broker.origin} (registered: ${names})`,
    );
  }
  return {
    runtime: {
      runtimeArn: agent.runtimeArn,
      endpoint: endpoint ?? answer.data.endpoint,
      region: agent.region,
      ...(agent.qualifier ? { qualifier: agent.qualifier } : {}),
    },
    enabled: agent.enabled,
  };
}
