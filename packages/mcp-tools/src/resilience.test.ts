/**
 * Servers that fail: down at start then up (stdio and HTTP), a stdio child killed mid-session, an HTTP server
 * that stops, answers 502 or garbage. Each time the status says so, the server's tools are withheld while it
 * is down, calls answer "unavailable" or "failed" instead of throwing, and the manager reconnects by itself.
 * Also: notifications/tools/list_changed refreshes the offered tools.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { McpToolManager, type McpToolManagerOptions } from "./manager.ts";
import type { McpServerStatus } from "./status.ts";
import { configOf } from "./testing/config.ts";
import { startProxy } from "./testing/http-proxy.ts";
import {
  EVERYTHING_BIN,
  everythingStdio,
  freePort,
  type RunningHttpServer,
  startEverythingHttp,
} from "./testing/mcp-servers.ts";
import { waitForStatus } from "./testing/wait.ts";

const RETRY = { initialDelayMs: 100, maxDelayMs: 400 };
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function managerOf(mcpServers: Record<string, unknown>, options: Partial<McpToolManagerOptions> = {}) {
  const manager = new McpToolManager({
    config: configOf(mcpServers),
    retry: RETRY,
    healthCheckIntervalMs: 0,
    ...options,
  });
  const states: string[] = [];
  manager.subscribe((e) => {
    if (e.type === "status") states.push(e.status.state);
  });
  cleanups.push(() => manager.close());
  manager.start();
  return { manager, states };
}

async function http(port: number): Promise<RunningHttpServer> {
  const server = await startEverythingHttp(port);
  cleanups.push(() => server.stop());
  return server;
}

/** A script that records its pid, then runs server-everything over stdio; absent until `write` is called. */
async function stdioScript() {
  const dir = await mkdtemp(join(tmpdir(), "mcp-stdio-"));
  const path = join(dir, "server.mjs");
  const pidFile = join(dir, "pid");
  return {
    entry: { command: process.execPath, args: [path] },
    write: () =>
      writeFile(
        path,
        `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid));\nawait import(${JSON.stringify(pathToFileURL(EVERYTHING_BIN).href)});\n`,
      ),
    pid: async () => Number(await readFile(pidFile, "utf8")),
  };
}

const isDown = (s: McpServerStatus) => s.state === "down";
const isUp = (s: McpServerStatus) => s.state === "connected";

describe("a server that is down at start", () => {
  it("stdio: reports down with the child's error, retries, and offers its tools once it starts", async () => {
    const script = await stdioScript();
    const { manager, states } = managerOf({ late: script.entry });
    const down = await waitForStatus(manager, "late", isDown);
    expect(down.lastError).toMatch(/connection closed; stderr: Error: Cannot find module/i);
    expect(down.nextRetryAt?.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(manager.tools()).toEqual([]);
    expect(await manager.whenSettled(1000)).toBeUndefined();
    const failuresBefore = (await waitForStatus(manager, "late", (s) => s.failures >= 2)).failures;
    expect(failuresBefore).toBeGreaterThanOrEqual(2);
    await script.write();
    await waitForStatus(manager, "late", isUp);
    expect(manager.tool("late__echo")).toBeDefined();
    expect(manager.statuses()[0]).toMatchObject({ state: "connected", failures: 0 });
    expect(manager.statuses()[0]?.lastError).toBeUndefined();
    expect(states.slice(0, 3)).toEqual(["connecting", "down", "connecting"]);
    expect(states.at(-1)).toBe("connected");
  });

  it("HTTP: reports down while nothing listens, and connects when the server comes up", async () => {
    const port = await freePort();
    const { manager } = managerOf({ web: { url: `http://127.0.0.1:${port}/mcp` } });
    const down = await waitForStatus(manager, "web", isDown);
    expect(down.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    expect(manager.tools()).toEqual([]);
    await http(port);
    await waitForStatus(manager, "web", isUp);
    const result = await manager.tool("web__get-sum")?.call({ a: 1, b: 2 });
    expect(result?.content).toEqual([{ type: "text", text: "The sum of 1 and 2 is 3." }]);
  });

  it("stdio: lines on stdout that are not JSON-RPC are skipped, not fatal", async () => {
    const { command, args } = everythingStdio();
    const script = `echo 'not json at all'; echo '{"jsonrpc": "2.0", "broken"'; exec '${command}' ${args.map((a) => `'${a}'`).join(" ")}`;
    const { manager } = managerOf({ noisy: { command: "sh", args: ["-c", script] } });
    await waitForStatus(manager, "noisy", isUp);
    expect(manager.statuses()[0]?.failures).toBe(0);
    expect((await manager.tool("noisy__echo")?.call({ message: "fine" }))?.outcome).toBe("completed");
  });

  it("a command that does not exist is down, not a crash", async () => {
    const { manager } = managerOf({ ghost: { command: "/nonexistent/mcp-server" } });
    const down = await waitForStatus(manager, "ghost", isDown);
    expect(down.lastError).toMatch(/ENOENT/);
  });
});

describe("a server that drops", () => {
  it("stdio child killed mid-session: down, tools withheld, calls unavailable, then back with a new child", async () => {
    const script = await stdioScript();
    await script.write();
    const { manager } = managerOf({ kid: script.entry });
    await waitForStatus(manager, "kid", isUp);
    const echo = manager.tool("kid__echo");
    const first = await script.pid();
    const longCall = manager.tool("kid__trigger-long-running-operation")?.call({ duration: 5, steps: 5 });
    let toolsWhileDown: string[] | undefined;
    const off = manager.subscribe((e) => {
      if (e.type === "status" && e.status.state === "down")
        toolsWhileDown = manager.tools().map((t) => t.name);
    });
    process.kill(first, "SIGKILL");
    const down = await waitForStatus(manager, "kid", isDown);
    off();
    expect(down.lastError).toMatch(/connection closed/i);
    expect(toolsWhileDown).toEqual([]);
    expect((await longCall)?.outcome).toBe("failed");
    await waitForStatus(manager, "kid", isUp);
    expect(await script.pid()).not.toBe(first);
    // A tool object from before the drop works again: it goes through the server's current connection.
    expect((await echo?.call({ message: "again" }))?.content).toEqual([
      { type: "text", text: "Echo: again" },
    ]);
  });

  it("a call while down answers unavailable, naming the last error", async () => {
    const script = await stdioScript();
    await script.write();
    const { manager } = managerOf(
      { kid: script.entry },
      { retry: { initialDelayMs: 2000, maxDelayMs: 2000 } },
    );
    await waitForStatus(manager, "kid", isUp);
    const echo = manager.tool("kid__echo");
    process.kill(await script.pid(), "SIGKILL");
    await waitForStatus(manager, "kid", isDown);
    const result = await echo?.call({ message: "x" });
    expect(result).toMatchObject({ outcome: "unavailable", isError: true, durationMs: 0 });
    expect(result?.content[0]?.type === "text" && result.content[0].text).toMatch(
      /not connected \(the connection closed/,
    );
  });

  it("HTTP server stopped: the health check notices, and a restarted server is reconnected", async () => {
    const port = await freePort();
    let server = await http(port);
    const { manager } = managerOf({ web: { url: server.url } }, { healthCheckIntervalMs: 300 });
    await waitForStatus(manager, "web", isUp);
    await server.stop();
    const down = await waitForStatus(manager, "web", isDown);
    expect(down.lastError).toMatch(/health check failed/);
    expect(manager.tools()).toEqual([]);
    server = await http(port);
    await waitForStatus(manager, "web", isUp);
    expect((await manager.tool("web__echo")?.call({ message: "back" }))?.outcome).toBe("completed");
  });

  it("HTTP 5xx: the call fails, the server is down until the answers are good again", async () => {
    const server = await http(await freePort());
    const proxy = await startProxy(server.url);
    cleanups.push(() => proxy.close());
    const { manager } = managerOf({ web: { url: proxy.url } });
    await waitForStatus(manager, "web", isUp);
    proxy.mode = "bad-gateway";
    const result = await manager.tool("web__echo")?.call({ message: "x" });
    expect(result).toMatchObject({ outcome: "failed", isError: true });
    expect(result?.content[0]?.type === "text" && result.content[0].text).toMatch(/502|upstream unavailable/);
    const down = await waitForStatus(manager, "web", (s) => s.state === "down" && s.failures >= 2);
    expect(down.lastError).toMatch(/^HTTP 502: .*upstream unavailable/);
    proxy.mode = "forward";
    await waitForStatus(manager, "web", isUp);
    expect((await manager.tool("web__echo")?.call({ message: "ok" }))?.outcome).toBe("completed");
  });

  it("a malformed answer fails the call and reconnects; nothing throws", async () => {
    const server = await http(await freePort());
    const proxy = await startProxy(server.url);
    cleanups.push(() => proxy.close());
    const { manager } = managerOf({ web: { url: proxy.url } });
    manager.subscribe(() => {
      throw new Error("a listener that throws is logged, not fatal");
    });
    await waitForStatus(manager, "web", isUp);
    proxy.mode = "malformed";
    const result = await manager.tool("web__echo")?.call({ message: "x" });
    expect(result).toMatchObject({ outcome: "failed", isError: true });
    await waitForStatus(manager, "web", isDown);
    proxy.mode = "forward";
    await waitForStatus(manager, "web", isUp);
  });
});

describe("tools/list_changed", () => {
  it("refreshes the offered tools when the server's list changes", async () => {
    const server = join(dirname(fileURLToPath(import.meta.url)), "testing", "changing-tools-server.mjs");
    const { manager } = managerOf({ live: { command: process.execPath, args: [server] } });
    await waitForStatus(manager, "live", isUp);
    expect(manager.tools().map((t) => t.name)).toEqual(["live__add-tool", "live__remove-tool"]);
    const changed = new Promise<string[]>((resolve) => {
      const off = manager.subscribe((e) => {
        if (e.type === "tools" && e.tools.some((t) => t.name === "live__fresh")) {
          off();
          resolve(e.tools.map((t) => t.name));
        }
      });
    });
    await manager.tool("live__add-tool")?.call({ name: "fresh" });
    expect(await changed).toEqual(["live__add-tool", "live__fresh", "live__remove-tool"]);
    expect(manager.statuses()[0]?.toolCount).toBe(3);
    expect((await manager.tool("live__fresh")?.call({}))?.content).toEqual([{ type: "text", text: "fresh" }]);
    await manager.tool("live__remove-tool")?.call({ name: "fresh" });
    await waitForStatus(manager, "live", (s) => s.toolCount === 2);
    expect(manager.tool("live__fresh")).toBeUndefined();
  });
});
