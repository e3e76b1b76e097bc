/** Every accepted type read for what it is, and each way a file is refused, with the words people see. */
import { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES } from "@interject/protocol";
import { describe, expect, it } from "vitest";
import { AttachmentError } from "./attachment-error.ts";
import { inspectAttachment } from "./inspect.ts";
import { sampleDocx, sampleGif, sampleJpeg, samplePdf, samplePng, sampleWebp } from "./testing/samples.ts";

const text = (s: string) => new TextEncoder().encode(s);

async function refusal(bytes: Uint8Array, name: string) {
  try {
    await inspectAttachment(bytes, name, { text: true });
  } catch (error) {
    if (error instanceof AttachmentError) return { problem: error.problem, message: error.message };
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe("inspectAttachment", () => {
  it("reads images' dimensions", async () => {
    expect(await inspectAttachment(samplePng(640, 480), "shot.png")).toMatchObject({
      mediaType: "image/png",
      kind: "image",
      width: 640,
      height: 480,
    });
    expect(await inspectAttachment(sampleJpeg(5, 7), "photo.jpeg")).toMatchObject({ width: 5, height: 7 });
    expect(await inspectAttachment(sampleGif(), "dot.gif")).toMatchObject({ width: 1, height: 1 });
    expect(await inspectAttachment(sampleWebp(6, 2), "pic.webp")).toMatchObject({ width: 6, height: 2 });
  });

  it("reads a PDF's pages and text, and a Word document's text", async () => {
    const pdf = await inspectAttachment(samplePdf(["First page here", "Second page"]), "report.pdf", {
      text: true,
    });
    expect(pdf).toMatchObject({ mediaType: "application/pdf", kind: "document", pages: 2 });
    expect(pdf.text).toContain("First page here");
    expect(pdf.text).toContain("Second page");
    const docx = await inspectAttachment(await sampleDocx(["Quarterly plan", "Ship it"]), "plan.docx", {
      text: true,
    });
    expect(docx.text).toBe("Quarterly plan\n\nShip it");
    expect((await inspectAttachment(samplePdf(), "r.pdf")).text).toBeUndefined();
  });

  it("reads text files as UTF-8", async () => {
    for (const name of ["a.txt", "b.md", "c.csv", "d.html"]) {
      const info = await inspectAttachment(text("héllo,world\nline two"), name, { text: true });
      expect(info.text).toBe("héllo,world\nline two");
    }
  });

  it("refuses a file that is not what its extension claims", async () => {
    expect(await refusal(sampleJpeg(), "holiday.png")).toEqual({
      problem: "mismatch",
      message: "holiday.png is not a PNG image: its content is a JPEG image.",
    });
    expect(await refusal(samplePdf(), "notes.txt")).toEqual({
      problem: "mismatch",
      message: "notes.txt is not a text file: its content is a PDF document.",
    });
    expect((await refusal(text("just text"), "scan.pdf")).problem).toBe("mismatch");
    expect((await refusal(new Uint8Array([0xc3, 0x28, 0x41]), "bad.csv")).message).toBe(
      "bad.csv is not a CSV file: its content is not UTF-8 text.",
    );
    expect((await refusal(samplePng(), "letter.docx")).problem).toBe("mismatch");
  });

  it("refuses types it does not accept, empty files, and files over Bedrock's limits", async () => {
    expect(await refusal(text("<svg/>"), "logo.svg")).toEqual({
      problem: "unsupported_type",
      message:
        "logo.svg is not a type Interject accepts: attach images (PNG, JPEG, GIF, WebP) and documents (PDF, TXT, Markdown, CSV, HTML, DOCX).",
    });
    expect((await refusal(new Uint8Array(), "empty.txt")).problem).toBe("empty");
    const bigImage = new Uint8Array(MAX_IMAGE_BYTES + 1);
    bigImage.set(samplePng());
    expect(await refusal(bigImage, "huge.png")).toEqual({
      problem: "too_large",
      message: "huge.png is 3.75 MB; an image may be at most 3.75 MB.",
    });
    expect((await refusal(new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(65), "long.txt")).message).toBe(
      "long.txt is 4.5 MB; a document may be at most 4.5 MB.",
    );
    expect(await refusal(samplePng(8001, 1), "wide.png")).toEqual({
      problem: "too_large",
      message: "wide.png is 8001×1 px; an image may be at most 8000 px on each side.",
    });
  });

  it("refuses files it cannot read", async () => {
    const broken = samplePdf().slice(0, 60);
    expect((await refusal(broken, "cut.pdf")).message).toBe("cut.pdf could not be read as a PDF document.");
  });
});
