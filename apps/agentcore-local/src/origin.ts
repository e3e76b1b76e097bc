/** Browser Origin allow-list for WebSocket upgrades and invocations (ASVS 4.4.2); no Origin = not a browser. */
import { DataPlaneError } from "./errors.ts";

export function assertOrigin(origin: string | undefined, allowed: readonly string[]): void {
  if (origin === undefined || allowed.includes(origin)) return;
  throw new DataPlaneError(403, "AccessDeniedException", "Origin not allowed", "origin-not-allowed");
}
