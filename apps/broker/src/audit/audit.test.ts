/**
 * The audit log keeps exactly what was recorded, whichever way a batch is written (COPY on PGlite, one JSON
 * insert on PostgreSQL): awkward text survives, nothing spills into another column or row, and a minted
 * URL is audited without the URL. Read back over real HTTP as an administrator would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, signedInAdmin, startTestBroker, type TestBroker } from "../test/harness.ts";
import type { AuditEntry } from "./audit.ts";

let broker: TestBroker;
let admin: Browser;
beforeAll(async () => {
  broker = await startTestBroker();
  admin = await signedInAdmin(broker);
});
afterAll(async () => {
  await broker.stop();
});

interface Item {
  actorUserId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
  source: string | null;
}

const awkward = [
  'quote " and "" doubled',
  "comma, and\nnewline\r\nand\ttab",
  "backslash \\ \\N \\. and a line of its own:\n\\.\n",
  '","forged","row"\n"x","y"',
  "unicode: é ü 中文 🙂",
  "",
];

describe("audit log", () => {
  it("stores awkward text exactly, nulls as nulls, one row per entry, in order", async () => {
    const entries: AuditEntry[] = awkward.map((text, i) => ({
      actorUserId: i % 2 === 0 ? null : text,
      action: `test.awkward.${i}`,
      ...(i % 3 === 0 ? {} : { targetType: text, targetId: text }),
      detail: { text, n: i, yes: true, none: null },
      ...(i === 1 ? {} : { source: text }),
    }));
    for (const e of entries) broker.services.audit.record(e);
    const r = await admin.request<{ items: Item[] }>("GET", "/api/admin/audit?limit=100");
    expect(r.status).toBe(200);
    const stored = r.body.items.filter((i) => i.action.startsWith("test.awkward.")).reverse();
    // The answer also names the actor and target (audit/read.ts); the stored fields come back exactly.
    expect(stored).toEqual(
      entries.map((e) =>
        expect.objectContaining({
          actorUserId: e.actorUserId,
          action: e.action,
          targetType: e.targetType ?? null,
          targetId: e.targetId ?? null,
          detail: e.detail,
          source: e.source ?? null,
          at: expect.any(String),
          id: expect.any(Number),
        }),
      ),
    );
  });

  it("keeps a batch whose entry holds a NUL (which PostgreSQL text cannot): U+FFFD stands in for it", async () => {
    broker.services.audit.record({ actorUserId: null, action: "test.nul.before", detail: {} });
    broker.services.audit.record({
      actorUserId: null,
      action: "test.nul",
      targetType: "conversation",
      targetId: "a\u0000b",
      detail: { email: "x\u0000@example.com", "k\u0000": 1 },
      source: "agent\u0000",
    });
    broker.services.audit.record({ actorUserId: null, action: "test.nul.after", detail: {} });
    const r = await admin.request<{ items: Item[] }>("GET", "/api/admin/audit?limit=100");
    const actions = r.body.items.map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(["test.nul.before", "test.nul", "test.nul.after"]));
    expect(r.body.items.find((i) => i.action === "test.nul")).toMatchObject({
      targetId: "a\uFFFDb",
      detail: { email: "x\uFFFD@example.com", "k\uFFFD": 1 },
      source: "agent\uFFFD",
    });
  });

  it("records many entries in one batch", async () => {
    for (let i = 0; i < 1200; i++)
      broker.services.audit.record({ actorUserId: null, action: "test.bulk", detail: { i } });
    const seen = new Set<number>();
    let cursor = "";
    for (let page = 0; page < 10; page++) {
      const r = await admin.request<{ items: Item[]; nextCursor: string | null }>(
        "GET",
        `/api/admin/audit?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      for (const item of r.body.items) if (item.action === "test.bulk") seen.add(item.detail.i as number);
      if (!r.body.nextCursor) break;
      cursor = r.body.nextCursor;
    }
    expect(seen.size).toBe(1200);
  });
});
