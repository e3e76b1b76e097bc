/**
 * Files in the agent: fetched from a real local HTTP server standing in for the broker's attachment route
 * (token and session checked), described by the offline model, refused with a clear error when they are not
 * what they claim, and turned into Converse image and document blocks (through the real Bedrock SDK to a local
 * ConverseStream server) and OpenAI data URLs and text.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sampleDocx, sampleJpeg, samplePdf, samplePng } from "@interject/attachments/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { toOpenAiMessages } from "../models/openai-provider.ts";
import { startAgent, TestClient } from "../testing/agent-server.ts";
import { startBedrockServer, writeEvent } from "../testing/bedrock-server.ts";
import { brokerAttachmentLoader } from "./attachment-source.ts";

const TOKEN = "attachments-ingest-token-0123456789";
const SESSION = "attachments-session-000000000000000001";
const ids = {
  png: "00000000-0000-4000-8000-000000000001",
  pdf: "00000000-0000-4000-8000-000000000002",
  liar: "00000000-0000-4000-8000-000000000003",
  docx: "00000000-0000-4000-8000-000000000004",
  notes: "00000000-0000-4000-8000-000000000005",
};

interface File {
  name: string;
  type: string;
  bytes: Uint8Array;
}

async function startFileServer(files: Map<string, File>) {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    const match = /^\/internal\/v1\/sessions\/([^/]+)\/attachments\/([^/]+)$/.exec(req.url ?? "");
    const file = match && match[1] === SESSION ? files.get(match[2] ?? "") : undefined;
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, {
        "content-type": file.type,
        "x-interject-attachment-name": encodeURIComponent(file.name),
      })
      .end(Buffer.from(file.bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

// The Bedrock client's default credential chain reads these (the local server does not check them).
const saved = { ...process.env };
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = "AKIDLOCALTEST000000";
  process.env.AWS_SECRET_ACCESS_KEY = "local-test-secret-key";
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
});
afterAll(() => {
  process.env = saved;
});

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function files() {
  return new Map<string, File>([
    [ids.png, { name: "chart.png", type: "image/png", bytes: samplePng(640, 480) }],
    [
      ids.pdf,
      {
        name: "q3 report.pdf",
        type: "application/pdf",
        bytes: samplePdf(["Revenue rose 12%", "Costs fell"]),
      },
    ],
    [ids.liar, { name: "holiday.png", type: "image/png", bytes: sampleJpeg() }],
    [
      ids.docx,
      { name: "plan.docx", type: "application/octet-stream", bytes: await sampleDocx(["Plan A", "Plan B"]) },
    ],
    [
      ids.notes,
      { name: "notes.txt", type: "text/plain", bytes: new TextEncoder().encode("line one\nline two\n") },
    ],
  ]);
}

async function agentWithFiles(env: Record<string, string> = {}) {
  const broker = await startFileServer(await files());
  cleanup.push(() => new Promise((resolve) => broker.server.close(() => resolve())));
  const started = await startAgent({
    BROKER_INGEST_URL: broker.url,
    BROKER_INGEST_TOKEN: TOKEN,
    AGENT_INGEST_FLUSH_MS: "5",
    ...env,
  });
  cleanup.unshift(() => started.agent.close());
  const client = await TestClient.connect(started.wsBase, { sessionId: SESSION });
  cleanup.unshift(async () => client.close());
  return { client, broker };
}

describe("attachments in the agent", () => {
  it("the offline model describes each file it received; the turn names them", async () => {
    const { client } = await agentWithFiles();
    client.send({
      type: "prompt",
      id: "p1",
      text: "What did I send?",
      attachments: [{ id: ids.png }, { id: ids.pdf }, { id: ids.notes }],
    });
    const turn = await client.waitFor("turn");
    expect(turn.attachments).toEqual([{ id: ids.png }, { id: ids.pdf }, { id: ids.notes }]);
    const done = await client.waitFor("complete");
    expect(done.fullResponse).toContain("You sent me 3 files.");
    expect(done.fullResponse).toContain("**chart.png**: PNG image, ");
    expect(done.fullResponse).toContain("640 × 480 pixels");
    expect(done.fullResponse).toContain("**q3 report.pdf**: PDF document, ");
    expect(done.fullResponse).toContain("2 pages. It begins:\n\n> Revenue rose 12%\n>\n> Costs fell");
    expect(done.fullResponse).toContain(
      "**notes.txt**: text file, 18 bytes. It begins:\n\n> line one\n>\n> line two",
    );
    const milestones = client.of("trace").map((t) => (t.trace.kind === "milestone" ? t.trace.text : ""));
    expect(milestones).toContain("Reading 3 files");
  });

  it("ends the turn with an attachment error when a file is not what its name claims, or is gone", async () => {
    const { client } = await agentWithFiles();
    client.send({ type: "prompt", id: "p1", text: "look", attachments: [{ id: ids.liar }] });
    const error = await client.waitFor("error");
    expect(error).toMatchObject({
      code: "attachment_error",
      error: "holiday.png is not a PNG image: its content is a JPEG image.",
      retryable: false,
    });
    client.send({
      type: "prompt",
      id: "p2",
      text: "and this",
      attachments: [{ id: "00000000-0000-4000-8000-0000000000ff" }],
    });
    const gone = await client.waitFor("error", 2);
    expect(gone).toMatchObject({ code: "attachment_error", retryable: true });
    expect(gone.error).toMatch(/no longer available/);
  });

  it("sends images and documents to Bedrock as Converse blocks through the real SDK", async () => {
    const bedrock = await startBedrockServer(async (call, res) => {
      writeEvent(call, res, "contentBlockDelta", { contentBlockIndex: 0, delta: { text: "ok" } });
      writeEvent(call, res, "messageStop", { stopReason: "end_turn" });
      res.end();
    });
    cleanup.push(() => new Promise((resolve) => bedrock.server.close(() => resolve())));
    const { client, broker } = await agentWithFiles({
      AGENT_MODEL: "bedrock",
      AGENT_BEDROCK_ENDPOINT: bedrock.url,
      AGENT_BEDROCK_REGION: "us-west-2",
    });
    client.send({
      type: "prompt",
      id: "p1",
      text: "compare",
      attachments: [{ id: ids.png }, { id: ids.pdf }, { id: ids.docx }],
    });
    await client.waitFor("complete");
    const load = brokerAttachmentLoader(broker.url, TOKEN);
    const [png, pdf] = [await load(SESSION, ids.png), await load(SESSION, ids.pdf)];
    const first = bedrock.calls[0]?.body.messages as Array<{ content: Array<Record<string, unknown>> }>;
    const content = first[0]?.content;
    expect(content?.[0]).toEqual({ text: "compare" });
    expect(content?.[1]).toEqual({
      text: "[Attached: an image, chart.png; Document 1, q3 report.pdf; Document 2, plan.docx.]",
    });
    expect(content?.[2]).toEqual({
      image: { format: "png", source: { bytes: Buffer.from(png.bytes).toString("base64") } },
    });
    expect(content?.[3]).toEqual({
      document: {
        format: "pdf",
        name: "Document 1",
        source: { bytes: Buffer.from(pdf.bytes).toString("base64") },
      },
    });
    expect(content?.[4]).toMatchObject({ document: { format: "docx", name: "Document 2" } });
    // The next turn sends the earlier files again (they are part of the conversation).
    client.send({ type: "prompt", id: "p2", text: "and now?" });
    await client.waitFor("complete", 2);
    const second = bedrock.calls[1]?.body.messages as Array<{
      role: string;
      content: Array<Record<string, unknown>>;
    }>;
    expect(second.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(second[0]?.content).toHaveLength(5);
  });

  it("gives OpenAI-compatible servers images as data URLs and documents as their text", async () => {
    const broker = await startFileServer(await files());
    cleanup.push(() => new Promise((resolve) => broker.server.close(() => resolve())));
    const load = brokerAttachmentLoader(broker.url, TOKEN);
    const png = await load(SESSION, ids.png);
    const docx = await load(SESSION, ids.docx);
    const [, user] = toOpenAiMessages("s", [{ role: "user", text: "read", attachments: [png, docx] }]);
    expect(user).toEqual({
      role: "user",
      content: [
        { type: "text", text: "read" },
        { type: "text", text: "[Image: chart.png]" },
        {
          type: "image_url",
          image_url: { url: `data:image/png;base64,${Buffer.from(png.bytes).toString("base64")}` },
        },
        { type: "text", text: "[Document: plan.docx]\n<document>\nPlan A\n\nPlan B\n</document>" },
      ],
    });
    // Read once, then from the cache.
    await load(SESSION, ids.png);
    expect(broker.requests.filter((r) => r.endsWith(ids.png))).toHaveLength(1);
  });
});
