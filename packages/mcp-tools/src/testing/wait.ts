/** Waiting for a manager to reach a state, by its own events (no sleeps that guess). */
import type { McpToolManager } from "../manager.ts";
import type { McpServerStatus } from "../status.ts";

export function waitForStatus(
  manager: McpToolManager,
  server: string,
  check: (status: McpServerStatus) => boolean,
  timeoutMs = 30_000,
): Promise<McpServerStatus> {
  const now = manager.statuses().find((s) => s.server === server);
  if (now && check(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      const last = manager.statuses().find((s) => s.server === server);
      reject(new Error(`server ${server} never reached the expected status; last: ${JSON.stringify(last)}`));
    }, timeoutMs);
    const off = manager.subscribe((event) => {
      if (event.type === "status" && event.status.server === server && check(event.status)) {
        clearTimeout(timer);
        off();
        resolve(event.status);
      }
    });
  });
}
