/** Conversations, connection URLs, ingest and history over real HTTP against a real broker. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { LOCAL_RUNTIME, TRACE_LEVEL_PARAM, verifyAgentCoreRequest } from "@interject/agentcore-sigv4";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batch, postEvents, turnEvents } from "../test/events.ts";
import {
  type Browser,
  INGEST_TOKEN,
  newUser,
  secretsInLogs,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";

interface Conv {
  id: string;
  title: string;
  sessionId: string;
  lastStatus: string | null;
}

let broker: TestBroker;
let admin: Browser;
let alice: Browser;
beforeAll(async () => {
  broker = await startTestBroker();
  admin = await signedInAdmin(broker);
  alice = (await newUser(broker, admin, "alice@example.com")).browser;
});
afterAll(async () => {
  expect(secretsInLogs(broker)).toEqual([]);
  await broker.stop();
});

async function create(b: Browser, title?: string): Promise<Conv> {
  const r = await b.request<{ conversation: Conv }>("POST", "/api/conversations", title ? { title } : {});
  expect(r.status).toBe(201);
  return r.body.conversation;
}

describe("conversations", () => {
  it("creates, lists newest first with pagination, searches, renames and deletes", async () => {
    const b = (await newUser(broker, admin, "lister@example.com")).browser;
    const made: Conv[] = [];
    for (const t of ["alpha", "beta", "gamma", "delta 100%"]) made.push(await create(b, t));
    const first = made[0];
    expect(first?.sessionId.length).toBeGreaterThanOrEqual(33);
    expect(new Set(made.map((c) => c.sessionId)).size).toBe(4);
    const page1 = await b.request<{ items: Conv[]; nextCursor: string | null }>(
      "GET",
      "/api/conversations?limit=3",
    );
    expect(page1.body.items.map((c) => c.title)).toEqual(["delta 100%", "gamma", "beta"]);
    const page2 = await b.request<{ items: Conv[]; nextCursor: string | null }>(
      "GET",
      `/api/conversations?limit=3&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items.map((c) => c.title)).toEqual(["alpha"]);
    expect(page2.body.nextCursor).toBeNull();
    const found = await b.request<{ items: Conv[] }>(
      "GET",
      `/api/conversations?q=${encodeURIComponent("100%")}`,
    );
    expect(found.body.items.map((c) => c.title)).toEqual(["delta 100%"]);
    const renamed = await b.request<{ conversation: Conv }>("PATCH", `/api/conversations/${first?.id}`, {
      title: "renamed",
    });
    expect(renamed.body.conversation.title).toBe("renamed");
    expect((await b.request("DELETE", `/api/conversations/${first?.id}`)).status).toBe(204);
    const after = await b.request<{ items: Conv[] }>("GET", "/api/conversations");
    expect(after.body.items).toHaveLength(3);
    expect((await b.request("GET", "/api/conversations?cursor=garbage")).status).toBe(400);
  });

  it("refuses bad input with the error shape", async () => {
    const r = await alice.request("POST", "/api/conversations", { title: "", extra: 1 });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: { code: "bad_request", message: expect.any(String), fields: { title: expect.any(String) } },
    });
    expect((await alice.request("GET", "/api/conversations/not-a-uuid/messages")).status).toBe(400);
  });
});

describe("connection URLs", () => {
  it("mints a presigned URL for the caller's conversation that the local runtime accepts, with trace level milestones", async () => {
    const conv = await create(alice);
    const r = await alice.request<{ url: string; expiresAt: string; sessionId: string }>(
      "POST",
      `/api/conversations/${conv.id}/connection`,
    );
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.body.sessionId).toBe(conv.sessionId);
    const url = new URL(r.body.url);
    expect(`${url.protocol}//${url.host}`).toBe(broker.runtime?.url.replace(/^http/, "ws"));
    expect(url.searchParams.get(TRACE_LEVEL_PARAM)).toBe("milestones");
    // A URL is needed only for the handshake: 30 s by default.
    expect(url.searchParams.get("X-Amz-Expires")).toBe("30");
    const ttl = new Date(r.body.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(20_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    const creds = JSON.parse(await readFile(join(broker.dataDir, "local-aws-credentials.json"), "utf8")) as {
      accessKeyId: string;
      secretAccessKey: string;
    };
    const verified = await verifyAgentCoreRequest(
      { method: "GET", url: `${url.pathname}${url.search}`, headers: { host: url.host } },
      {
        credentials: (id) =>
          id === creds.accessKeyId ? { secretAccessKey: creds.secretAccessKey } : undefined,
        region: LOCAL_RUNTIME.region,
      },
    );
    expect(verified.ok).toBe(true);
    if (verified.ok) expect(verified.sessionId).toBe(conv.sessionId);
  });

  it("signs trace level full for admins", async () => {
    const conv = await create(admin);
    const r = await admin.request<{ url: string }>("POST", `/api/conversations/${conv.id}/connection`);
    expect(new URL(r.body.url).searchParams.get(TRACE_LEVEL_PARAM)).toBe("full");
  });

  it("audits minting without the URL", async () => {
    await broker.services.audit.flush();
    const r = await admin.request<{ items: Array<{ action: string; detail: Record<string, unknown> }> }>(
      "GET",
      "/api/admin/audit?limit=200",
    );
    const minted = r.body.items.filter((i) => i.action === "connection.minted");
    expect(minted.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(r.body)).not.toContain("X-Amz-Signature");
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After when one user mints too fast", async () => {
    const limited = await startTestBroker({ INTERJECT_MINT_PER_MINUTE: "3" });
    try {
      const a = await signedInAdmin(limited);
      const conv = await create(a);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await a.request("POST", `/api/conversations/${conv.id}/connection`)).status);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const r = await a.request("POST", `/api/conversations/${conv.id}/connection`);
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});

describe("ingest and history", () => {
  it("builds turns from events, is idempotent, and filters traces by role", async () => {
    const conv = await create(alice);
    const s = conv.sessionId;
    const events = [
      ...turnEvents(s, 1, "t1", "hello", ["Hi ", "there"], "complete"),
      ...turnEvents(s, 7, "t2", "tell me more", ["Well"], "interrupted"),
      ...turnEvents(s, 12, "t3", "again", ["Oops"], "error"),
      ...turnEvents(s, 17, "t4", "still going", ["Partial"], "none"),
    ];
    // out of order and split in two, then sent again: the result must be the same
    const a = await postEvents(broker.url, batch(events.slice(10)));
    expect(a).toEqual({ status: 200, body: { accepted: events.length - 10, duplicates: 0 } });
    const b = await postEvents(broker.url, batch(events.slice(0, 10)));
    expect(b.body).toEqual({ accepted: 10, duplicates: 0 });
    const again = await postEvents(broker.url, batch(events));
    expect(again.body).toEqual({ accepted: 0, duplicates: events.length });

    const m = await alice.request<{ turns: Array<Record<string, unknown>>; lastSeq: number }>(
      "GET",
      `/api/conversations/${conv.id}/messages`,
    );
    expect(m.body.lastSeq).toBe(20);
    expect(m.body.turns.map((t) => [t.turnId, t.prompt, t.response, t.status])).toEqual([
      ["t1", "hello", "Hi there", "complete"],
      ["t2", "tell me more", "Well", "interrupted"],
      ["t3", "again", "Oops", "error"],
      ["t4", "still going", "Partial", "streaming"],
    ]);
    expect(m.body.turns[0]?.endedAt).toEqual(expect.any(String));
    expect(m.body.turns[3]?.endedAt).toBeNull();

    const list = await alice.request<{ items: Conv[] }>("GET", "/api/conversations");
    expect(list.body.items.find((c) => c.id === conv.id)?.lastStatus).toBe("streaming");

    const userEvents = await alice.request<{
      events: Array<{ seq: number; type: string; trace?: { kind: string } }>;
      lastSeq: number;
    }>("GET", `/api/conversations/${conv.id}/events?afterSeq=0`);
    expect(userEvents.body.lastSeq).toBe(20);
    expect(
      userEvents.body.events.filter((e) => e.type === "trace").every((e) => e.trace?.kind === "milestone"),
    ).toBe(true);
    expect(JSON.stringify(userEvents.body)).not.toContain("secret chain of thought");
    const after = await alice.request<{ events: Array<{ seq: number }> }>(
      "GET",
      `/api/conversations/${conv.id}/events?afterSeq=15`,
    );
    expect(after.body.events.map((e) => e.seq)).toEqual([16, 17, 18, 20]);

    const full = await admin.request<{ events: Array<{ type: string }>; turns: unknown[] }>(
      "GET",
      `/api/admin/conversations/${conv.id}`,
    );
    expect(full.body.events).toHaveLength(20);
    expect(full.body.turns).toHaveLength(4);

    const history = await fetch(`${broker.url}/internal/v1/sessions/${s}/history`, {
      headers: { authorization: `Bearer ${INGEST_TOKEN}` },
    });
    expect(history.status).toBe(200);
    expect(await history.json()).toEqual({
      sessionId: s,
      lastSeq: 20,
      turns: [
        { turnId: "t1", prompt: "hello", response: "Hi there", status: "complete" },
        { turnId: "t2", prompt: "tell me more", response: "Well", status: "interrupted" },
        { turnId: "t3", prompt: "again", response: "Oops", status: "error" },
        { turnId: "t4", prompt: "still going", response: "Partial", status: "streaming" },
      ],
    });
  });

  it("joins a long answer's final message sent in parts", async () => {
    const conv = await create(alice);
    const s = conv.sessionId;
    const long = "lorem ipsum ".repeat(2000);
    const pieces = [long.slice(0, 8000), long.slice(8000, 16000), long.slice(16000)];
    const head = turnEvents(s, 1, "t1", "write a lot", [long], "none");
    const parts = pieces.map((fullResponse, i) => ({
      sessionId: s,
      message: { type: "complete" as const, seq: 5 + i, turnId: "t1", fullResponse, part: i + 1, parts: 3 },
    }));
    // The last part first: the turn must still end with the whole text.
    expect((await postEvents(broker.url, batch([...head, ...parts].reverse()))).status).toBe(200);
    const m = await alice.request<{ turns: Array<{ response: string; status: string }> }>(
      "GET",
      `/api/conversations/${conv.id}/messages`,
    );
    expect(m.body.turns.map((t) => [t.status, t.response.length])).toEqual([["complete", long.length]]);
    expect(m.body.turns[0]?.response).toBe(long);
  });

  it("answers 404 for the history of an unknown session and refuses malformed and oversized batches", async () => {
    const unknown = await fetch(`${broker.url}/internal/v1/sessions/${"x".repeat(40)}/history`, {
      headers: { authorization: `Bearer ${INGEST_TOKEN}` },
    });
    expect(unknown.status).toBe(404);
    const bad = await postEvents(broker.url, {
      protocolVersion: 1,
      events: [{ sessionId: "short", message: {} }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
    const polluted = await postEvents(
      broker.url,
      '{"__proto__": {"x": 1}, "protocolVersion": 1, "events": []}',
    );
    expect(polluted.status).toBe(400);
    const huge = await postEvents(broker.url, JSON.stringify({ pad: "x".repeat(1024 * 1024 + 10) }));
    expect(huge.status).toBe(413);
  });

  it("ends with the right turn when batches for the same turn arrive at the same time", async () => {
    const conv = await create(alice);
    const events = turnEvents(
      conv.sessionId,
      1,
      "t1",
      "parallel",
      ["a", "b", "c", "d", "e", "f"],
      "complete",
    );
    await Promise.all(events.map((e) => postEvents(broker.url, batch([e]))));
    const m = await alice.request<{ turns: Array<{ response: string; status: string }> }>(
      "GET",
      `/api/conversations/${conv.id}/messages`,
    );
    expect(m.body.turns).toMatchObject([{ response: "abcdef", status: "complete" }]);
  });

  it("keeps turns right when batches come in order, fill a gap late, split a final message or lose the start", async () => {
    const turnsOf = async (id: string) =>
      (
        await alice.request<{ turns: Array<{ response: string; status: string }> }>(
          "GET",
          `/api/conversations/${id}/messages`,
        )
      ).body.turns.map((t) => [t.status, t.response]);
    const statusOf = async (id: string) =>
      (await alice.request<{ items: Conv[] }>("GET", "/api/conversations")).body.items.find(
        (c) => c.id === id,
      )?.lastStatus;

    // In order, a few events at a time, as one agent reports them; a chunk that stands for several.
    const inOrder = await create(alice);
    const a = turnEvents(inOrder.sessionId, 1, "t1", "q", ["one ", "two ", "three"], "complete");
    await postEvents(broker.url, batch(a.slice(0, 4)));
    expect(await turnsOf(inOrder.id)).toEqual([["streaming", "one "]]);
    expect(await statusOf(inOrder.id)).toBe("streaming");
    await postEvents(broker.url, batch(a.slice(4, 6)));
    expect(await turnsOf(inOrder.id)).toEqual([["streaming", "one two three"]]);
    await postEvents(broker.url, batch(a.slice(6)));
    expect(await turnsOf(inOrder.id)).toEqual([["complete", "one two three"]]);
    expect(await statusOf(inOrder.id)).toBe("complete");

    // The middle batch last: the streamed text is whatever is stored, in seq order.
    const gap = await create(alice);
    const g = turnEvents(gap.sessionId, 1, "t1", "q", ["a", "b", "c", "d", "e", "f"], "none");
    await postEvents(broker.url, batch(g.slice(0, 4)));
    await postEvents(broker.url, batch(g.slice(7)));
    expect(await turnsOf(gap.id)).toEqual([["streaming", "aef"]]);
    await postEvents(broker.url, batch(g.slice(4, 7)));
    expect(await turnsOf(gap.id)).toEqual([["streaming", "abcdef"]]);

    // A final message in three parts, one batch each: joined across batches.
    const parts = await create(alice);
    const head = turnEvents(parts.sessionId, 1, "t1", "q", ["x"], "none");
    await postEvents(broker.url, batch(head));
    for (const [i, piece] of ["first ", "second ", "third"].entries()) {
      await postEvents(
        broker.url,
        batch([
          {
            sessionId: parts.sessionId,
            message: {
              type: "complete",
              seq: 5 + i,
              turnId: "t1",
              fullResponse: piece,
              part: i + 1,
              parts: 3,
            },
          },
        ]),
      );
    }
    expect(await turnsOf(parts.id)).toEqual([["complete", "first second third"]]);

    // The end before the start: a late `turn` message fills in the prompt and never reopens the turn.
    const late = await create(alice);
    const l = turnEvents(late.sessionId, 1, "t1", "the prompt", ["x", "y"], "complete");
    await postEvents(broker.url, batch(l.slice(3)));
    expect(await turnsOf(late.id)).toEqual([["complete", "xy"]]);
    await postEvents(broker.url, batch(l.slice(0, 3)));
    const lateTurns = await alice.request<{ turns: Array<{ prompt: string; status: string }> }>(
      "GET",
      `/api/conversations/${late.id}/messages`,
    );
    expect(lateTurns.body.turns).toMatchObject([{ prompt: "the prompt", status: "complete" }]);

    // An error ends a turn with the text it streamed.
    const failed = await create(alice);
    await postEvents(broker.url, batch(turnEvents(failed.sessionId, 1, "t1", "q", ["so ", "far"], "error")));
    expect(await turnsOf(failed.id)).toEqual([["error", "so far"]]);
    expect(await statusOf(failed.id)).toBe("error");
  });

  it("deleting a conversation deletes its events", async () => {
    const conv = await create(alice);
    await postEvents(broker.url, batch(turnEvents(conv.sessionId, 1, "t1", "q", ["a"], "complete")));
    expect((await alice.request("DELETE", `/api/conversations/${conv.id}`)).status).toBe(204);
    const h = await fetch(`${broker.url}/internal/v1/sessions/${conv.sessionId}/history`, {
      headers: { authorization: `Bearer ${INGEST_TOKEN}` },
    });
    expect(h.status).toBe(404);
  });
});
