/**
 * The sidebar's list over real HTTP: pinned conversations apart and on top, full-text search over titles
 * and what was said in any branch, with the snippet around the match, only among the caller's own; and
 * conversations whose first message never arrived do not stay.
 */
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations } from "../db/schema.ts";
import { batch, postEvents, turnEvents } from "../test/events.ts";
import { type Browser, newUser, signedInAdmin, startTestBroker, type TestBroker } from "../test/harness.ts";

interface Item {
  id: string;
  title: string;
  sessionId: string;
  pinnedAt: string | null;
  snippet: Array<{ text: string; match: boolean }> | null;
}
interface List {
  items: Item[];
  pinned: Item[];
  nextCursor: string | null;
}

let broker: TestBroker;
let alice: Browser;
let bob: Browser;
beforeAll(async () => {
  broker = await startTestBroker();
  const admin = await signedInAdmin(broker);
  alice = (await newUser(broker, admin, "alice@example.com")).browser;
  bob = (await newUser(broker, admin, "bob@example.com")).browser;
});
afterAll(async () => {
  await broker.stop();
});

async function create(b: Browser, title: string): Promise<Item> {
  return (await b.request<{ conversation: Item }>("POST", "/api/conversations", { title })).body.conversation;
}
const list = async (b: Browser, query = "") =>
  (await b.request<List>("GET", `/api/conversations${query}`)).body;

describe("pinning", () => {
  it("keeps pinned conversations apart, most recently pinned first, until unpinned", async () => {
    const [a, b, c] = [await create(alice, "a"), await create(alice, "b"), await create(alice, "c")];
    const pin = (id: string, pinned: boolean) =>
      alice.request<{ conversation: Item }>("PATCH", `/api/conversations/${id}`, { pinned });
    expect((await pin(a.id, true)).body.conversation.pinnedAt).toEqual(expect.any(String));
    await pin(b.id, true);
    let now = await list(alice);
    expect(now.pinned.map((i) => i.title)).toEqual(["b", "a"]);
    expect(now.items.map((i) => i.title)).toEqual(["c"]);
    await pin(a.id, false);
    now = await list(alice);
    expect(now.pinned.map((i) => i.title)).toEqual(["b"]);
    expect(now.items.map((i) => i.title)).toEqual(["c", "a"]);
    // Pages after the first carry no pinned list again.
    const first = await list(alice, "?limit=1");
    expect(first.pinned.map((i) => i.title)).toEqual(["b"]);
    const second = await list(alice, `?limit=1&cursor=${encodeURIComponent(first.nextCursor ?? "")}`);
    expect([second.items.map((i) => i.title), second.pinned]).toEqual([["a"], []]);
    expect((await bob.request("PATCH", `/api/conversations/${c.id}`, { pinned: true })).status).toBe(404);
    expect((await alice.request("PATCH", `/api/conversations/${c.id}`, {})).status).toBe(400);
  });
});

describe("search", () => {
  it("finds words said in any conversation, by prefix, with the snippet marked, and titles", async () => {
    const kafka = await create(alice, "Streaming notes");
    await postEvents(
      broker.url,
      batch(
        turnEvents(
          kafka.sessionId,
          1,
          "t1",
          "How do I deploy the broker behind a load balancer?",
          ["Put it behind an ALB, ", "then set INTERJECT_TRUST_PROXY so client addresses are right."],
          "complete",
        ),
      ),
    );
    const titled = await create(alice, "Deployment checklist");
    await create(alice, "Unrelated");
    const bobs = await create(bob, "Bob deploys too");
    await postEvents(
      broker.url,
      batch(turnEvents(bobs.sessionId, 1, "t1", "deploying secrets", ["bob's answer"], "complete")),
    );

    const found = await list(alice, `?q=${encodeURIComponent("deplo")}`);
    expect(found.items.map((i) => i.id).sort()).toEqual([kafka.id, titled.id].sort());
    const hit = found.items.find((i) => i.id === kafka.id);
    expect(hit?.snippet?.some((p) => p.match && /deploy/i.test(p.text))).toBe(true);
    expect(hit?.snippet?.map((p) => p.text).join("")).toContain("load balancer");
    expect(found.items.find((i) => i.id === titled.id)?.snippet).toBeNull();

    // Stemmed words in the answer, several words all required, and nothing of anyone else's.
    expect((await list(alice, "?q=addresses%20proxy")).items.map((i) => i.id)).toEqual([kafka.id]);
    expect((await list(alice, "?q=balancers%20nowhere")).items).toEqual([]);
    expect((await list(bob, "?q=balancer")).items).toEqual([]);
    // Punctuation alone still searches titles as text.
    const percent = await create(alice, "growth 100%");
    expect((await list(alice, `?q=${encodeURIComponent("100%")}`)).items.map((i) => i.id)).toEqual([
      percent.id,
    ]);
  });
});

describe("abandoned conversations", () => {
  it("deletes, a day on, a conversation whose first message never reached the agent, and nothing else", async () => {
    const { deleteAbandonedConversations, ABANDONED_AFTER_MS } = await import(
      "../conversations/abandoned.ts"
    );
    const empty = await create(alice, "never said");
    const said = await create(alice, "said something");
    await postEvents(broker.url, batch(turnEvents(said.sessionId, 1, "t1", "hi", ["hello"], "complete")));
    const fresh = await create(alice, "just made");
    const db = broker.services.db;
    await db
      .update(conversations)
      .set({ createdAt: new Date(Date.now() - ABANDONED_AFTER_MS - 60_000) })
      .where(inArray(conversations.id, [empty.id, said.id]));
    expect(await deleteAbandonedConversations(db, Date.now())).toBe(1);
    const left = (await list(alice)).items.map((i) => i.id);
    expect(left).toContain(said.id);
    expect(left).toContain(fresh.id);
    expect(left).not.toContain(empty.id);
  });
});
