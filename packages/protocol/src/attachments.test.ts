/** Attachment references on prompts and turns, the accepted types, and the frame-size promise with files. */
import { describe, expect, it } from "vitest";
import {
  ACCEPTED_EXTENSIONS,
  jsonByteLength,
  MAX_ATTACHMENTS_PER_PROMPT,
  MAX_DOCUMENT_BYTES,
  MAX_IMAGE_BYTES,
  MAX_INBOUND_FRAME_BYTES,
  MAX_PROMPT_CHARS,
  maxBytesFor,
  mediaTypeForName,
  parseAgentMessage,
  parseClientMessage,
} from "./index.ts";

const id = (n: number) => `0f8fad5b-d9cb-469f-a165-${String(n).padStart(12, "0")}`;

describe("attachments", () => {
  it("a prompt carries attachment ids, and the turn echoes them", () => {
    const prompt = { type: "prompt", id: "p1", text: "what is this?", attachments: [{ id: id(1) }] };
    const parsed = parseClientMessage(JSON.stringify(prompt));
    expect(parsed).toEqual({ ok: true, value: prompt });
    const turn = {
      type: "turn",
      seq: 1,
      turnId: "t",
      promptId: "p1",
      prompt: "x",
      at: 1,
      attachments: [{ id: id(1) }],
    };
    expect(parseAgentMessage(JSON.stringify(turn)).ok).toBe(true);
  });

  it("refuses ids that are not UUIDs, extra fields, and more files than a prompt may carry", () => {
    const bad = [
      [{ id: "../../etc/passwd" }],
      [{ id: id(1), name: "x.png" }],
      [],
      Array.from({ length: MAX_ATTACHMENTS_PER_PROMPT + 1 }, (_, i) => ({ id: id(i) })),
    ];
    for (const attachments of bad) {
      const parsed = parseClientMessage(JSON.stringify({ type: "prompt", id: "p", text: "x", attachments }));
      expect(parsed.ok).toBe(false);
    }
  });

  it("the articles' inputText still parses, without attachments", () => {
    const parsed = parseClientMessage(JSON.stringify({ inputText: "hello" }), () => "fresh");
    expect(parsed).toEqual({ ok: true, value: { type: "prompt", id: "fresh", text: "hello" } });
  });

  it("the longest prompt in the widest characters with the most files still fits one inbound frame", () => {
    const frame = {
      type: "prompt",
      id: "x".repeat(128),
      text: "日".repeat(MAX_PROMPT_CHARS),
      attachments: Array.from({ length: MAX_ATTACHMENTS_PER_PROMPT }, (_, i) => ({ id: id(i) })),
    };
    expect(jsonByteLength(frame)).toBeLessThanOrEqual(MAX_INBOUND_FRAME_BYTES);
  });

  it("knows each accepted type by its extension, with its kind's limit", () => {
    expect(mediaTypeForName("Photo.JPG")).toBe("image/jpeg");
    expect(mediaTypeForName("notes.md")).toBe("text/markdown");
    expect(mediaTypeForName("report.docx")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(mediaTypeForName("archive.zip")).toBeUndefined();
    expect(mediaTypeForName("png")).toBeUndefined();
    expect(mediaTypeForName("picture.svg")).toBeUndefined();
    expect(maxBytesFor("image/webp")).toBe(MAX_IMAGE_BYTES);
    expect(maxBytesFor("application/pdf")).toBe(MAX_DOCUMENT_BYTES);
    expect(ACCEPTED_EXTENSIONS).toContain(".csv");
  });
});
