/** The fixture's wire, frame for frame as the articles' Strands agent behind BedrockAgentCoreApp sends it. */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type BasicAgent, createBasicAgent } from "./app.ts";

let agent: BasicAgent;
let base: string;

beforeAll(async () => {
  agent = createBasicAgent({ wordDelayMs: 5 });
  const address = await agent.listen(0, "127.0.0.1");
  base = `127.0.0.1:${address.port}`;
});

afterAll(() => agent.close());

class Client {
  readonly frames: Record<string, unknown>[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => this.frames.push(JSON.parse(data.toString())));
  }

  static async open(): Promise<Client> {
    const ws = new WebSocket(`ws://${base}/ws`);
    const client = new Client(ws);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    return client;
  }

  send(value: unknown): void {
    this.ws.send(typeof value === "string" ? value : JSON.stringify(value));
  }

  async until(predicate: (frames: Record<string, unknown>[]) => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!predicate(this.frames)) {
      if (Date.now() > deadline) throw new Error(`timed out; frames: ${JSON.stringify(this.frames)}`);
      await sleep(5);
    }
  }

  chunks(from = 0, to = this.frames.length): string {
    return this.frames
      .slice(from, to)
      .filter((f) => f.type === "chunk")
      .map((f) => f.data)
      .join("");
  }
}

const index = (frames: Record<string, unknown>[], type: string) => frames.findIndex((f) => f.type === type);

describe("the articles' WebSocket handler", () => {
  it("sends nothing until prompted, then chunks and a complete that joins them", async () => {
    const client = await Client.open();
    await sleep(100);
    expect(client.frames).toEqual([]);
    client.send({ inputText: "Hello!" });
    await client.until((f) => index(f, "complete") >= 0);
    const complete = client.frames.at(-1);
    expect(complete).toEqual({ type: "complete", fullResponse: client.chunks() });
    for (const frame of client.frames.slice(0, -1))
      expect(Object.keys(frame).sort()).toEqual(["data", "type"]);
    client.ws.close();
  });

  it("interrupts the running answer for a new inputText, keeping the partial", async () => {
    const client = await Client.open();
    client.send({ inputText: "Explain streaming in detail" });
    await client.until((f) => f.length >= 3);
    client.send({ inputText: "Hello!" });
    await client.until((f) => index(f, "complete") >= 0);
    const cut = index(client.frames, "interrupted");
    expect(client.frames[cut]).toEqual({ type: "interrupted", partialResponse: client.chunks(0, cut) });
    expect(client.frames.at(-1)).toEqual({ type: "complete", fullResponse: client.chunks(cut) });
    expect(client.chunks(cut)).toContain('You said: "Hello!"');
    client.ws.close();
  });

  it.each([{}, { inputText: "" }, { inputText: 0 }, { inputText: [] }, { other: "x" }])(
    "answers %j with the missing-input error and keeps reading",
    async (message) => {
      const client = await Client.open();
      client.send(message);
      await client.until((f) => f.length === 1);
      expect(client.frames[0]).toEqual({ error: "inputText が見つかりません" });
      client.send({ inputText: "Hello!" });
      await client.until((f) => index(f, "complete") >= 0);
      client.ws.close();
    },
  );

  it.each([
    ["not JSON", "{", expect.stringContaining("JSON")],
    ["a list", "[1]", "'list' object has no attribute 'get'"],
    ["null", "null", "'NoneType' object has no attribute 'get'"],
  ])("answers %s with the error, then reads nothing more on that socket", async (_name, frame, error) => {
    const client = await Client.open();
    client.send(frame);
    await client.until((f) => f.length === 1);
    expect(client.frames[0]).toEqual({ error });
    client.send({ inputText: "Hello!" });
    await sleep(300);
    expect(client.frames).toHaveLength(1);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it("answers a binary frame with Starlette's KeyError, and cancels the running answer after it", async () => {
    const client = await Client.open();
    client.send({ inputText: "Explain streaming in detail" });
    await client.until((f) => f.length >= 2);
    client.ws.send(Buffer.from([1, 2, 3]));
    await client.until((f) => index(f, "interrupted") >= 0);
    const error = client.frames.findIndex((f) => "error" in f);
    expect(client.frames[error]).toEqual({ error: "'text'" });
    expect(client.frames[error + 1]).toEqual({
      type: "interrupted",
      partialResponse: client.chunks(0, error),
    });
    client.ws.close();
  });
});

describe("the container contract of BedrockAgentCoreApp", () => {
  it("reports Healthy with a time that does not move", async () => {
    const first = await (await fetch(`http://${base}/ping`)).json();
    await sleep(1100);
    const second = await (await fetch(`http://${base}/ping`)).json();
    expect(first).toEqual({ status: "Healthy", time_of_last_update: expect.any(Number) });
    expect(second).toEqual(first);
  });

  it("has no /invocations entrypoint", async () => {
    const valid = await fetch(`http://${base}/invocations`, { method: "POST", body: '{"inputText":"hi"}' });
    expect([valid.status, await valid.json()]).toEqual([500, { error: "No entrypoint defined" }]);
    const invalid = await fetch(`http://${base}/invocations`, { method: "POST", body: "{" });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: "Invalid JSON" });
  });

  it("refuses other routes and WebSocket paths", async () => {
    expect((await fetch(`http://${base}/other`)).status).toBe(404);
    expect((await fetch(`http://${base}/ping`, { method: "POST" })).status).toBe(405);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://${base}/socket`);
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(status).toBe(403);
  });
});
