/**
 * brokerFetch against a real HTTP server: a refusal becomes an ApiError with the broker's code, message and
 * per-field problems (only string ones kept); a body that is not the broker's still gives the status.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, describeApiError } from "./api-error.ts";
import { brokerFetch } from "./fetch-json.ts";

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function answering(status: number, body: string): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/agents`;
}

async function failure(url: string): Promise<ApiError> {
  try {
    await brokerFetch(url);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("brokerFetch did not fail");
}

describe("brokerFetch's errors", () => {
  it("keeps the broker's per-field problems", async () => {
    const url = await answering(
      400,
      JSON.stringify({
        error: {
          code: "bad_request",
          message: "invalid request",
          fields: { runtimeArn: "not a runtime ARN", region: 42, name: "already in use" },
        },
      }),
    );
    const error = await failure(url);
    expect(error.status).toBe(400);
    expect(error.code).toBe("bad_request");
    expect(error.fields).toEqual({ runtimeArn: "not a runtime ARN", name: "already in use" });
  });

  it("agent_unavailable: the broker's words are what people read", async () => {
    const url = await answering(
      403,
      JSON.stringify({
        error: { code: "agent_unavailable", message: "Support bot has been disabled by an administrator." },
      }),
    );
    const error = await failure(url);
    expect(error.kind).toBe("forbidden");
    expect(error.fields).toEqual({});
    expect(describeApiError(error)).toBe("Support bot has been disabled by an administrator.");
  });
});
