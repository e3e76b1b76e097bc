/**
 * Branches over real HTTP against a real broker: editing or retrying a message makes a branch with its own
 * runtime session; each branch shows its turns with the versions of each message; the agent rebuilds a
 * branch's session from the turns it shows; minting, events, the admin view, deletion and the list's status
 * all follow the branches.
 */
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
  sessionId: string;
  lastStatus: string | null;
}
interface Versions {
  index: number;
  branchIds: string[];
}
interface Shown {
  branchId: string | null;
  lastSeq: number;
  turns: Array<{
    turnId: string;
    prompt: string;
    response: string;
    status: string;
    branchId: string;
    versions: Versions;
  }>;
}

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
afterAll(async () => {
  expect(secretsInLogs(broker)).toEqual([]);
  await broker.stop();
});

async function create(b: Browser): Promise<Conv> {
  return (await b.request<{ conversation: Conv }>("POST", "/api/conversations", { title: "t" })).body
    .conversation;
}
const shown = async (b: Browser, id: string, branch?: string) =>
  (await b.request<Shown>("GET", `/api/conversations/${id}/messages${branch ? `?branch=${branch}` : ""}`))
    .body;
async function fork(b: Browser, id: string, fromBranchId: string, afterTurnId: string | null) {
  return b.request<{ branch: { id: string } }>("POST", `/api/conversations/${id}/branches`, {
    fromBranchId,
    afterTurnId,
  });
}
async function agentHistory(sessionId: string) {
  const r = await fetch(`${broker.url}/internal/v1/sessions/${sessionId}/history`, {
    headers: { authorization: `Bearer ${INGEST_TOKEN}` },
  });
  return {
    status: r.status,
    body: (await r.json()) as { lastSeq: number; turns: Array<{ turnId: string; status: string }> },
  };
}
const mint = async (b: Browser, id: string, branch?: string) =>
  b.request<{ sessionId: string }>(
    "POST",
    `/api/conversations/${id}/connection${branch ? `?branch=${branch}` : ""}`,
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A conversation of two answered turns (t1, t2) on its first branch. */
async function twoTurns(b: Browser) {
  const conv = await create(b);
  await postEvents(broker.url, batch(turnEvents(conv.sessionId, 1, "t1", "first", ["one"], "complete")));
  await sleep(5);
  await postEvents(broker.url, batch(turnEvents(conv.sessionId, 6, "t2", "second", ["two"], "complete")));
  const first = await shown(b, conv.id);
  return { conv, root: first.branchId ?? "" };
}

describe("branches", () => {
  it("editing a message makes a branch that shows the turns before it, then its own, with versions", async () => {
    const { conv, root } = await twoTurns(alice);
    const made = await fork(alice, conv.id, root, "t1");
    expect(made.status).toBe(201);
    const branch = made.body.branch.id;

    // Before anything is said on it: the inherited turn, and the agent gets it too (not a 404).
    expect((await shown(alice, conv.id, branch)).turns.map((t) => t.turnId)).toEqual(["t1"]);
    const before = await agentHistory(await sessionOf(alice, conv.id, branch));
    expect(before.status).toBe(200);
    expect(before.body.lastSeq).toBe(0);
    expect(before.body.turns.map((t) => t.turnId)).toEqual(["t1"]);

    const branchSession = await sessionOf(alice, conv.id, branch);
    expect(branchSession).not.toBe(conv.sessionId);
    await sleep(5);
    await postEvents(
      broker.url,
      batch(turnEvents(branchSession, 1, "t2b", "second, edited", ["deux"], "complete")),
    );

    const edited = await shown(alice, conv.id, branch);
    expect(edited.lastSeq).toBe(5);
    expect(edited.turns.map((t) => [t.turnId, t.response, t.branchId])).toEqual([
      ["t1", "one", root],
      ["t2b", "deux", branch],
    ]);
    expect(edited.turns.map((t) => t.versions)).toEqual([
      { index: 0, branchIds: [branch] },
      { index: 1, branchIds: [root, branch] },
    ]);
    const original = await shown(alice, conv.id, root);
    expect(original.turns.map((t) => t.turnId)).toEqual(["t1", "t2"]);
    expect(original.turns[1]?.versions).toEqual({ index: 0, branchIds: [root, branch] });
    // The conversation opens on the branch used last.
    expect((await shown(alice, conv.id)).branchId).toBe(branch);

    // The agent rebuilds the branch's session from the turns it shows, numbered after its own seq.
    const history = await agentHistory(branchSession);
    expect(history.body.lastSeq).toBe(5);
    expect(history.body.turns.map((t) => t.turnId)).toEqual(["t1", "t2b"]);
    // The root's session is untouched.
    expect((await agentHistory(conv.sessionId)).body.turns.map((t) => t.turnId)).toEqual(["t1", "t2"]);
  });

  it("retrying the first message forks before everything; a branch of a branch inherits through both", async () => {
    const { conv, root } = await twoTurns(alice);
    const again = (await fork(alice, conv.id, root, null)).body.branch.id;
    const againSession = await sessionOf(alice, conv.id, again);
    expect((await agentHistory(againSession)).body.turns).toEqual([]);
    await sleep(5);
    await postEvents(broker.url, batch(turnEvents(againSession, 1, "a1", "first", ["uno"], "complete")));
    expect((await shown(alice, conv.id, again)).turns[0]?.versions).toEqual({
      index: 1,
      branchIds: [root, again],
    });

    // From the root: edit t2 (branch B), then on B edit B's own turn (branch C): C shows t1, b2, c3.
    const b = (await fork(alice, conv.id, root, "t1")).body.branch.id;
    const bSession = await sessionOf(alice, conv.id, b);
    await postEvents(broker.url, batch(turnEvents(bSession, 1, "b2", "second'", ["b"], "complete")));
    await postEvents(broker.url, batch(turnEvents(bSession, 6, "b3", "third", ["b3"], "complete")));
    const c = (await fork(alice, conv.id, b, "b2")).body.branch.id;
    const cSession = await sessionOf(alice, conv.id, c);
    await sleep(5);
    await postEvents(broker.url, batch(turnEvents(cSession, 1, "c3", "third'", ["c3"], "none")));
    const cShown = await shown(alice, conv.id, c);
    expect(cShown.turns.map((t) => t.turnId)).toEqual(["t1", "b2", "c3"]);
    expect(cShown.turns[2]?.versions).toEqual({ index: 1, branchIds: [b, c] });
    // From the root, the second message's other version opens the branch used last through it: C.
    const rootShown = await shown(alice, conv.id, root);
    expect(rootShown.turns[1]?.versions).toEqual({ index: 0, branchIds: [root, c] });
    // A branch forked from C while its turn still streams gets that turn as ended in an error.
    const d = (await fork(alice, conv.id, c, "c3")).body.branch.id;
    const dHistory = await agentHistory(await sessionOf(alice, conv.id, d));
    expect(dHistory.body.turns.map((t) => [t.turnId, t.status])).toEqual([
      ["t1", "complete"],
      ["b2", "complete"],
      ["c3", "error"],
    ]);
    expect((await agentHistory(cSession)).body.turns.at(-1)?.status).toBe("streaming");
  });

  it("refuses a fork after a turn the branch does not show, and branches of others' conversations", async () => {
    const { conv, root } = await twoTurns(alice);
    const other = await twoTurns(alice);
    expect((await fork(alice, conv.id, root, "no-such-turn")).status).toBe(409);
    expect((await fork(alice, conv.id, other.root, "t1")).status).toBe(404);
    expect((await fork(bob, conv.id, root, "t1")).status).toBe(404);
    expect((await bob.request("GET", `/api/conversations/${conv.id}/messages?branch=${root}`)).status).toBe(
      404,
    );
    expect((await mint(alice, conv.id, other.root)).status).toBe(404);
    expect((await mint(bob, conv.id, root)).status).toBe(404);
    expect(
      (await alice.request("GET", `/api/conversations/${conv.id}/events?branch=${other.root}`)).status,
    ).toBe(404);
  });

  it("mints, serves events and keeps the list's status per branch; the admin view shows branches", async () => {
    const { conv, root } = await twoTurns(alice);
    const branch = (await fork(alice, conv.id, root, "t1")).body.branch.id;
    const session = await sessionOf(alice, conv.id, branch);
    expect((await mint(alice, conv.id, root)).body.sessionId).toBe(conv.sessionId);
    await sleep(5);
    await postEvents(broker.url, batch(turnEvents(session, 1, "t2b", "q", ["x"], "error")));
    const list = await alice.request<{ items: Conv[] }>("GET", "/api/conversations");
    expect(list.body.items.find((c) => c.id === conv.id)?.lastStatus).toBe("error");
    const events = await alice.request<{ events: Array<{ seq: number; turnId?: string }> }>(
      "GET",
      `/api/conversations/${conv.id}/events?branch=${branch}`,
    );
    expect(new Set(events.body.events.map((e) => e.turnId))).toEqual(new Set(["t2b"]));

    const adminView = await admin.request<Shown & { events: Array<{ turnId?: string; type: string }> }>(
      "GET",
      `/api/admin/conversations/${conv.id}?branch=${branch}`,
    );
    expect(adminView.body.branchId).toBe(branch);
    expect(adminView.body.turns.map((t) => t.turnId)).toEqual(["t1", "t2b"]);
    expect(adminView.body.turns[1]?.versions.branchIds).toEqual([root, branch]);
    // The inherited turn's events come along (its own session's), the other version's do not.
    const turnIds = new Set(adminView.body.events.map((e) => e.turnId));
    expect(turnIds).toEqual(new Set(["t1", "t2b"]));
    const errors = await admin.request<{ items: Conv[] }>("GET", "/api/admin/conversations?errors=true");
    expect(errors.body.items.map((c) => c.id)).toContain(conv.id);
  });

  it("deleting a conversation stops and forgets every branch's runtime session", async () => {
    const { conv, root } = await twoTurns(alice);
    const branch = (await fork(alice, conv.id, root, "t1")).body.branch.id;
    const session = await sessionOf(alice, conv.id, branch);
    await postEvents(broker.url, batch(turnEvents(session, 1, "t2b", "q", ["x"], "complete")));
    const calls = broker.runtime?.calls.length ?? 0;
    expect((await alice.request("DELETE", `/api/conversations/${conv.id}`)).status).toBe(204);
    const stopped = (broker.runtime?.calls ?? []).slice(calls).map((c) => c.sessionId);
    expect(new Set(stopped)).toEqual(new Set([conv.sessionId, session]));
    expect((await agentHistory(session)).status).toBe(404);
    expect((await agentHistory(conv.sessionId)).status).toBe(404);
  });
});

/** A branch's runtime session, as the browser learns it: from the connection it mints. */
async function sessionOf(b: Browser, id: string, branch: string): Promise<string> {
  const r = await mint(b, id, branch);
  expect(r.status).toBe(200);
  return r.body.sessionId;
}
