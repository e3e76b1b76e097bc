/**
 * Recognises the data-plane paths: /runtimes/{ARN}/ws, /runtimes/{ARN}/invocations and
 * /runtimes/{ARN}/stopruntimesession (StopRuntimeSession), with the ARN either percent-encoded as one segment
 * (as the SDKs send it) or raw (its "/" unescaped).
 */
import { DataPlaneError, notFound } from "./errors.ts";

export type RuntimeAction = "ws" | "invocations" | "stop";

export interface RuntimeRoute {
  arn: string;
  action: RuntimeAction;
}

const ACTIONS: Record<string, RuntimeAction> = {
  ws: "ws",
  invocations: "invocations",
  stopruntimesession: "stop",
};

export function matchRoute(url: string): RuntimeRoute | undefined {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const m = /^\/runtimes\/(.+)\/(ws|invocations|stopruntimesession)$/.exec(path);
  const action = ACTIONS[m?.[2] ?? ""];
  if (!m || !action) return undefined;
  let arn: string;
  try {
    arn = decodeURIComponent(m[1] ?? "");
  } catch {
    return undefined;
  }
  return { arn, action };
}

/**
 * A served runtime only; another runtime in the account of a served one is "not found", anything else
 * "denied", as AWS answers for a runtime that does not exist and one the caller may not see.
 */
export function assertServedArn(arn: string, served: Iterable<string>): void {
  const all = [...served];
  if (all.includes(arn)) return;
  const account = (a: string) => a.split(":").slice(0, 5).join(":");
  if (all.some((s) => account(arn) === account(s))) {
    throw new DataPlaneError(
      404,
      "ResourceNotFoundException",
      "The specified agent runtime does not exist",
      "unknown-runtime",
    );
  }
  throw new DataPlaneError(
    403,
    "AccessDeniedException",
    "User is not authorized to invoke this agent runtime",
    "runtime-not-served",
  );
}

/** Only the DEFAULT endpoint exists locally. */
export function assertQualifier(params: Array<[string, string]>): void {
  const qualifier = params.find(([k]) => k === "qualifier")?.[1];
  if (qualifier !== undefined && qualifier !== "DEFAULT") {
    throw new DataPlaneError(
      404,
      "ResourceNotFoundException",
      `No endpoint named ${qualifier} for this runtime`,
      "unknown-qualifier",
    );
  }
}

export { notFound };
