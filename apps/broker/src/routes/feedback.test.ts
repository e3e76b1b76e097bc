/** Feedback on answers over real HTTP: set, replace, clear, who may, and the admin list's filter and view. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batch, postEvents, turnEvents } from "../test/events.ts";
import { type Browser, newUser, signedInAdmin, startTestBroker, type TestBroker } from "../test/harness.ts";

let broker: TestBroker;
let admin: Browser;
let alice: Browser;
let bob: Browser;
beforeAll(async () => {
  broker = await startTestBroker();
  admin = await signedInAdmin(broker);
  alice = (await newUser(broker, admin, "alice@example.com")).browser;
  bob = (await newUser(broker, admin, "bob@example.com")).browser;
});
afterAll(() => broker.stop());

async function answered(b: Browser, title: string) {
  const conv = (
    await b.request<{ conversation: { id: string; sessionId: string } }>("POST", "/api/conversations", {
      title,
    })
  ).body.conversation;
  await postEvents(
    broker.url,
    batch([
      ...turnEvents(conv.sessionId, 1, "t1", "q1", ["a1"], "complete"),
      ...turnEvents(conv.sessionId, 10, "t2", "q2", ["a2"], "none"),
    ]),
  );
  return conv;
}

describe("feedback", () => {
  it("stores a rating with a comment on the turn, replaces it, clears it; only finished answers", async () => {
    const conv = await answered(alice, "rated");
    const path = `/api/conversations/${conv.id}/turns/t1/feedback`;
    const up = await alice.request<{ feedback: { rating: string; comment: string | null } }>("PUT", path, {
      rating: "up",
    });
    expect(up.status).toBe(200);
    expect(up.body.feedback).toMatchObject({ rating: "up", comment: null });
    const down = await alice.request("PUT", path, { rating: "down", comment: "  wrong year  " });
    expect(down.body).toMatchObject({ feedback: { rating: "down", comment: "wrong year" } });
    const history = await alice.request<{ turns: Array<{ turnId: string; feedback: unknown }> }>(
      "GET",
      `/api/conversations/${conv.id}/messages`,
    );
    expect(history.body.turns.find((t) => t.turnId === "t1")?.feedback).toMatchObject({
      rating: "down",
      comment: "wrong year",
    });
    const list = await alice.request<{ items: Array<{ turnId: string; rating: string }> }>(
      "GET",
      `/api/conversations/${conv.id}/feedback`,
    );
    expect(list.body.items).toEqual([expect.objectContaining({ turnId: "t1", rating: "down" })]);
    expect(
      (await alice.request("PUT", `/api/conversations/${conv.id}/turns/t2/feedback`, { rating: "up" }))
        .status,
    ).toBe(409);
    expect(
      (await alice.request("PUT", `/api/conversations/${conv.id}/turns/nope/feedback`, { rating: "up" }))
        .status,
    ).toBe(404);
    expect((await alice.request("PUT", path, { rating: "meh" })).status).toBe(400);
    expect((await alice.request("PUT", path, { rating: "up", comment: "x".repeat(2001) })).status).toBe(400);
    expect((await bob.request("PUT", path, { rating: "up" })).status).toBe(404);
    expect((await alice.request("DELETE", path)).status).toBe(204);
    const cleared = await alice.request<{ items: unknown[] }>(
      "GET",
      `/api/conversations/${conv.id}/feedback`,
    );
    expect(cleared.body.items).toEqual([]);
  });

  it("shows in the admin's conversation view and filters the admin list", async () => {
    const liked = await answered(alice, "liked one");
    const disliked = await answered(bob, "disliked one");
    const silent = await answered(bob, "no feedback");
    await alice.request("PUT", `/api/conversations/${liked.id}/turns/t1/feedback`, { rating: "up" });
    await bob.request("PUT", `/api/conversations/${disliked.id}/turns/t1/feedback`, {
      rating: "down",
      comment: "too vague",
    });
    type Row = { id: string; feedback: { up: number; down: number } };
    const ids = async (q: string) =>
      (await admin.request<{ items: Row[] }>("GET", `/api/admin/conversations${q}`)).body.items.map(
        (r) => r.id,
      );
    expect(await ids("?feedback=down")).toEqual([disliked.id]);
    expect(await ids("?feedback=up")).toEqual([liked.id]);
    const any = await ids("?feedback=any");
    expect(any).toEqual(expect.arrayContaining([liked.id, disliked.id]));
    expect(any).not.toContain(silent.id);
    const all = await admin.request<{ items: Row[] }>("GET", "/api/admin/conversations");
    expect(all.body.items.find((r) => r.id === disliked.id)?.feedback).toEqual({ up: 0, down: 1 });
    const detail = await admin.request<{ turns: Array<{ turnId: string; feedback: unknown }> }>(
      "GET",
      `/api/admin/conversations/${disliked.id}`,
    );
    expect(detail.body.turns[0]?.feedback).toMatchObject({ rating: "down", comment: "too vague" });
  });
});
