/**
 * Against the real server-everything over Streamable HTTP (through a recording proxy, to see the wire): tools
 * listed and called, progress, and Stop cancelling a long-running operation on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { McpToolManager } from "./manager.ts";
import { configOf } from "./testing/config.ts";
import { startProxy, type TestProxy } from "./testing/http-proxy.ts";
import { freePort, type RunningHttpServer, startEverythingHttp } from "./testing/mcp-servers.ts";
import { waitForStatus } from "./testing/wait.ts";
import type { McpProgress } from "./tool.ts";

let server: RunningHttpServer;
let wire: TestProxy;
let manager: McpToolManager;

beforeAll(async () => {
  server = await startEverythingHttp(await freePort());
  wire = await startProxy(server.url);
  manager = new McpToolManager({
    config: configOf({ web: { url: wire.url, headers: { "X-Team": "interject" } } }),
    healthCheckIntervalMs: 0,
  });
  manager.start();
  await waitForStatus(manager, "web", (s) => s.state === "connected");
});

afterAll(async () => {
  await manager.close();
  await wire.close();
  await server.stop();
});

describe("server-everything over Streamable HTTP", () => {
  it("lists its tools with schemas and sends the configured headers", async () => {
    expect(manager.statuses()[0]).toMatchObject({ transport: "http", state: "connected" });
    expect(manager.tool("web__get-sum")?.inputSchema).toMatchObject({
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a", "b"],
    });
    expect(wire.log.every((e) => e.req.headers["x-team"] === "interject")).toBe(true);
  });

  it("calls echo and get-sum", async () => {
    expect((await manager.tool("web__echo")?.call({ message: "over http" }))?.content).toEqual([
      { type: "text", text: "Echo: over http" },
    ]);
    expect((await manager.tool("web__get-sum")?.call({ a: 0.5, b: 0.25 }))?.content).toEqual([
      { type: "text", text: "The sum of 0.5 and 0.25 is 0.75." },
    ]);
  });

  it("cancels trigger-long-running-operation on the server when the signal aborts", async () => {
    const controller = new AbortController();
    const progress: McpProgress[] = [];
    const result = await manager.tool("web__trigger-long-running-operation")?.call(
      { duration: 1.2, steps: 3 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p);
          controller.abort(new Error("Stop"));
        },
      },
    );
    expect(result).toMatchObject({ outcome: "cancelled" });
    expect(progress).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const call = wire.log.find((e) => e.req.body.includes('"trigger-long-running-operation"'));
    const id = (JSON.parse(call?.req.body ?? "{}") as { id?: number }).id;
    const cancel = wire.log.find((e) => e.req.body.includes('"notifications/cancelled"'));
    expect(JSON.parse(cancel?.req.body ?? "{}")).toMatchObject({ params: { requestId: id } });
    // The server accepted the notification, kept the request running (its progress kept coming on the
    // request's stream), and never sent a result for it.
    expect(cancel?.status).toBe(202);
    expect(call?.response.match(/notifications\/progress/g)?.length).toBe(3);
    expect(call?.response).not.toContain('"result"');
  });
});
