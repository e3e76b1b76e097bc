/**
 * Attachments over real HTTP: upload, the checks a file must pass, who may read it back, the agent's read
 * with its ingest token and the session it serves, history, deletion; in the database and in S3 (s3rver, an
 * S3-compatible server, with the real AWS SDK).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleJpeg, samplePdf, samplePng } from "@interject/attachments/testing";
import { MAX_IMAGE_BYTES } from "@interject/protocol";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batch, postEvents } from "../test/events.ts";
import {
  type Browser,
  INGEST_TOKEN,
  newUser,
  secretsInLogs,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";

interface Uploaded {
  attachment: {
    id: string;
    name: string;
    mediaType: string;
    size: number;
    width: number | null;
    pages: number | null;
  };
}

async function upload(b: Browser, name: string, bytes: Uint8Array, type = "application/octet-stream") {
  const res = await fetch(`${b.base}/api/attachments?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: {
      origin: b.base,
      "content-type": type,
      cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    },
    body: bytes,
  });
  return {
    status: res.status,
    body: (await res.json()) as Uploaded & { error?: { code: string; message: string } },
  };
}

async function agentRead(base: string, sessionId: string, id: string, token = INGEST_TOKEN) {
  return fetch(`${base}/internal/v1/sessions/${sessionId}/attachments/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

async function conversation(b: Browser) {
  const r = await b.request<{ conversation: { id: string; sessionId: string } }>(
    "POST",
    "/api/conversations",
    {},
  );
  return r.body.conversation;
}

function turnWithFiles(sessionId: string, seq: number, ids: string[]) {
  return batch([
    {
      sessionId,
      message: {
        type: "turn",
        seq,
        turnId: `t-${seq}`,
        promptId: `p-${seq}`,
        prompt: "look at these",
        at: Date.now(),
        attachments: ids.map((id) => ({ id })),
      },
    },
    { sessionId, message: { type: "complete", seq: seq + 1, turnId: `t-${seq}`, fullResponse: "seen" } },
  ]);
}

function suite(name: string, overrides: () => Record<string, string>) {
  describe(name, () => {
    let broker: TestBroker;
    let admin: Browser;
    let alice: Browser;
    let bob: Browser;
    beforeAll(async () => {
      broker = await startTestBroker(overrides());
      admin = await signedInAdmin(broker);
      alice = (await newUser(broker, admin, "alice@example.com")).browser;
      bob = (await newUser(broker, admin, "bob@example.com")).browser;
    });
    afterAll(async () => {
      expect(secretsInLogs(broker)).toEqual([]);
      await broker.stop();
    });

    it("stores a checked file, and gives it back to its uploader and admins only", async () => {
      const png = samplePng(30, 20);
      const up = await upload(alice, "chart.png", png, "image/png");
      expect(up.status).toBe(201);
      expect(up.body.attachment).toMatchObject({
        name: "chart.png",
        mediaType: "image/png",
        size: png.length,
        width: 30,
      });
      const id = up.body.attachment.id;
      const mine = await fetch(`${broker.url}/api/attachments/${id}`, {
        headers: { cookie: [...alice.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      expect(mine.status).toBe(200);
      expect(mine.headers.get("content-type")).toBe("image/png");
      expect(mine.headers.get("content-disposition")).toMatch(/^inline; filename="chart.png"/);
      expect(mine.headers.get("content-security-policy")).toContain("sandbox");
      expect(new Uint8Array(await mine.arrayBuffer())).toEqual(new Uint8Array(png));
      expect((await bob.request("GET", `/api/attachments/${id}`)).status).toBe(404);
      expect((await admin.request("GET", `/api/attachments/${id}`)).status).toBe(200);
      await broker.services.audit.flush();
      const audit = await admin.request<{ items: Array<{ action: string; targetId: string }> }>(
        "GET",
        "/api/admin/audit",
      );
      expect(audit.body.items.some((e) => e.action === "admin.attachment.read" && e.targetId === id)).toBe(
        true,
      );
      expect((await broker.browser().request("GET", `/api/attachments/${id}`)).status).toBe(401);
    });

    it("refuses files that are not what they claim, of other types, or too big, with a reason", async () => {
      const lie = await upload(alice, "photo.png", sampleJpeg());
      expect(lie.status).toBe(422);
      expect(lie.body.error).toEqual({
        code: "attachment_rejected",
        message: "photo.png is not a PNG image: its content is a JPEG image.",
      });
      expect(
        (await upload(alice, "tool.exe", new Uint8Array([0x4d, 0x5a, 1, 2]))).body.error?.message,
      ).toMatch(/^tool.exe is not a type Interject accepts/);
      const big = new Uint8Array(MAX_IMAGE_BYTES + 10);
      big.set(samplePng());
      const tooBig = await upload(alice, "big.png", big);
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.error?.message).toBe("big.png is 3.75 MB; an image may be at most 3.75 MB.");
      const huge = await upload(alice, "huge.pdf", new Uint8Array(5_000_000));
      expect(huge.status).toBe(413);
      expect((await upload(alice, "", samplePng())).status).toBe(400);
      const folders = await upload(alice, "../../etc/passwd.txt", new TextEncoder().encode("root"));
      expect(folders.body.attachment.name).toBe("passwd.txt");
    });

    it("the agent reads the file of its own session's owner only, and the prompt binds it", async () => {
      const conv = await conversation(alice);
      const pdf = samplePdf(["Quarterly numbers"]);
      const { id } = (await upload(alice, "q3 report.pdf", pdf)).body.attachment;
      const bobsConv = await conversation(bob);
      expect((await agentRead(broker.url, bobsConv.sessionId, id)).status).toBe(404);
      expect((await agentRead(broker.url, conv.sessionId, id, "wrong-token-wrong-token")).status).toBe(401);
      const read = await agentRead(broker.url, conv.sessionId, id);
      expect(read.status).toBe(200);
      expect(read.headers.get("content-type")).toBe("application/pdf");
      expect(decodeURIComponent(read.headers.get("x-interject-attachment-name") ?? "")).toBe("q3 report.pdf");
      expect(read.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(new Uint8Array(await read.arrayBuffer())).toEqual(new Uint8Array(pdf));
      // Bound to alice's conversation now: another of her conversations cannot use it either.
      const other = await conversation(alice);
      expect((await agentRead(broker.url, other.sessionId, id)).status).toBe(404);
      expect((await alice.request("DELETE", `/api/attachments/${id}`)).status).toBe(409);
    });

    it("history lists a turn's files, never someone else's, and the agent's history carries their ids", async () => {
      const conv = await conversation(alice);
      const a = (await upload(alice, "one.png", samplePng())).body.attachment.id;
      const b = (await upload(alice, "two.pdf", samplePdf())).body.attachment.id;
      const bobs = (await upload(bob, "bob.png", samplePng())).body.attachment.id;
      expect((await postEvents(broker.url, turnWithFiles(conv.sessionId, 1, [a, bobs, b]))).status).toBe(200);
      const history = await alice.request<{
        turns: Array<{ attachments: Array<{ id: string; name: string }> }>;
      }>("GET", `/api/conversations/${conv.id}/messages`);
      expect(history.body.turns[0]?.attachments.map((f) => f.name)).toEqual(["one.png", "two.pdf"]);
      const agent = await fetch(`${broker.url}/internal/v1/sessions/${conv.sessionId}/history`, {
        headers: { authorization: `Bearer ${INGEST_TOKEN}` },
      });
      const body = (await agent.json()) as { turns: Array<{ attachments?: Array<{ id: string }> }> };
      expect(body.turns[0]?.attachments).toEqual([{ id: a }, { id: b }]);
      // Bob's file stays his: not bound to alice's conversation, still deletable by him.
      expect((await bob.request("DELETE", `/api/attachments/${bobs}`)).status).toBe(204);
      // Deleting the conversation deletes its files.
      expect((await alice.request("DELETE", `/api/conversations/${conv.id}`)).status).toBe(204);
      expect((await alice.request("GET", `/api/attachments/${a}`)).status).toBe(404);
    });

    it("on a branch: the agent reads the conversation's files, binds new ones, and rebuilds the inherited turn with its files", async () => {
      const conv = await conversation(alice);
      const first = (await upload(alice, "first.png", samplePng())).body.attachment.id;
      expect((await postEvents(broker.url, turnWithFiles(conv.sessionId, 1, [first]))).status).toBe(200);
      const shown = await alice.request<{ branchId: string; turns: Array<{ turnId: string }> }>(
        "GET",
        `/api/conversations/${conv.id}/messages`,
      );
      const forked = await alice.request<{ branch: { id: string } }>(
        "POST",
        `/api/conversations/${conv.id}/branches`,
        { fromBranchId: shown.body.branchId, afterTurnId: shown.body.turns[0]?.turnId ?? null },
      );
      const branch = forked.body.branch.id;
      const minted = await alice.request<{ sessionId: string }>(
        "POST",
        `/api/conversations/${conv.id}/connection?branch=${branch}`,
      );
      const branchSession = minted.body.sessionId;
      expect(branchSession).not.toBe(conv.sessionId);
      // The branch's own session reads the file sent on the first branch, and a new one sent on it.
      expect((await agentRead(broker.url, branchSession, first)).status).toBe(200);
      const second = (await upload(alice, "second.txt", new TextEncoder().encode("hi"))).body.attachment.id;
      expect((await postEvents(broker.url, turnWithFiles(branchSession, 1, [second]))).status).toBe(200);
      expect((await alice.request("DELETE", `/api/attachments/${second}`)).status).toBe(409);
      const agent = await fetch(`${broker.url}/internal/v1/sessions/${branchSession}/history`, {
        headers: { authorization: `Bearer ${INGEST_TOKEN}` },
      });
      const body = (await agent.json()) as { turns: Array<{ attachments?: Array<{ id: string }> }> };
      expect(body.turns.map((t) => t.attachments)).toEqual([[{ id: first }], [{ id: second }]]);
      const onBranch = await alice.request<{ turns: Array<{ attachments: Array<{ name: string }> }> }>(
        "GET",
        `/api/conversations/${conv.id}/messages?branch=${branch}`,
      );
      expect(onBranch.body.turns.map((t) => t.attachments.map((f) => f.name))).toEqual([
        ["first.png"],
        ["second.txt"],
      ]);
    });

    it("deletes an unsent file on request", async () => {
      const { id } = (await upload(alice, "draft.md", new TextEncoder().encode("# draft"))).body.attachment;
      expect((await bob.request("DELETE", `/api/attachments/${id}`)).status).toBe(404);
      expect((await alice.request("DELETE", `/api/attachments/${id}`)).status).toBe(204);
      expect((await alice.request("GET", `/api/attachments/${id}`)).status).toBe(404);
    });
  });
}

suite("attachments in the database", () => ({}));

let s3: S3rver;
let s3Dir: string;
let s3Url = "";
beforeAll(async () => {
  s3Dir = await mkdtemp(join(tmpdir(), "s3rver-"));
  s3 = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: "interject-files" }],
  });
  const { port } = await s3.run();
  s3Url = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3.close();
  await rm(s3Dir, { recursive: true, force: true });
});

suite("attachments in S3", () => ({
  INTERJECT_ATTACHMENTS_S3_BUCKET: "interject-files",
  INTERJECT_ATTACHMENTS_S3_ENDPOINT: s3Url,
  // s3rver's own key pair (it checks signatures made with it).
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
}));
