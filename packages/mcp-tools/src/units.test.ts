/** The pure rules: tool names for Bedrock, the approval rule, back-off delays, trace cutting. */
import { describe, expect, it } from "vitest";
import { needsApproval } from "./approval.ts";
import { resolveSigV4Region } from "./auth/sigv4-signer.ts";
import { DEFAULT_RETRY, retryDelay } from "./connection/backoff.ts";
import { createRedactor } from "./connection/redactor.ts";
import { cutForTrace, resultForTrace } from "./result/trace-text.ts";
import { exposedToolNames, keyOf, TOOL_NAME_PATTERN } from "./tool-names.ts";

describe("exposedToolNames", () => {
  it("keeps valid names as <server>__<tool> and makes every other one valid, unique and stable", () => {
    const keys = [
      { server: "everything", tool: "echo" },
      { server: "everything", tool: "get-sum" },
      { server: "my.server", tool: "read file" },
      { server: "a__b", tool: "c" },
      { server: "a", tool: "b__c" },
      { server: "x", tool: "a.b" },
      { server: "x", tool: "a_b" },
      { server: "long", tool: "t".repeat(100) },
      { server: "long", tool: `${"t".repeat(99)}u` },
    ];
    const names = exposedToolNames(keys);
    expect(names.get(keyOf("everything", "echo"))).toBe("everything__echo");
    expect(names.get(keyOf("everything", "get-sum"))).toBe("everything__get-sum");
    expect(names.get(keyOf("x", "a_b"))).toBe("x__a_b");
    expect(names.get(keyOf("my.server", "read file"))).toMatch(/^my_server__read_file_[0-9a-f]{6}$/);
    const all = [...names.values()];
    expect(new Set(all).size).toBe(keys.length);
    for (const name of all) expect(name).toMatch(TOOL_NAME_PATTERN);
    // Same set in another order: same names.
    expect(exposedToolNames([...keys].reverse())).toEqual(names);
  });
});

describe("needsApproval", () => {
  const listed = { mode: "listed" as const, tools: new Set(["list_directory"]) };
  const unlessReadOnly = { mode: "unlessReadOnly" as const, tools: new Set<string>() };
  it("asks for destructive tools, listed tools, and non-read-only tools under unlessReadOnly", () => {
    expect(needsApproval("write_file", { destructiveHint: true, readOnlyHint: false }, listed)).toBe(true);
    expect(needsApproval("list_directory", { readOnlyHint: true }, listed)).toBe(true);
    expect(needsApproval("create_directory", { readOnlyHint: false, destructiveHint: false }, listed)).toBe(
      false,
    );
    expect(
      needsApproval("create_directory", { readOnlyHint: false, destructiveHint: false }, unlessReadOnly),
    ).toBe(true);
    expect(needsApproval("unannotated", {}, unlessReadOnly)).toBe(true);
    expect(needsApproval("read_file", { readOnlyHint: true }, unlessReadOnly)).toBe(false);
  });
});

describe("retryDelay", () => {
  it("grows exponentially to the cap, with jitter between half and all of it", () => {
    const low = (n: number) => retryDelay(n, DEFAULT_RETRY, () => 0);
    const high = (n: number) => retryDelay(n, DEFAULT_RETRY, () => 1);
    expect([low(0), high(0)]).toEqual([250, 500]);
    expect([low(3), high(3)]).toEqual([2000, 4000]);
    expect([low(40), high(40)]).toEqual([30_000, 60_000]);
    expect(high(10_000)).toBe(60_000);
  });
});

describe("cutForTrace", () => {
  it("keeps short text and cuts long text at line breaks, keeping head and tail and the count cut", () => {
    expect(cutForTrace("short", 100)).toBe("short");
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}`).join("\n");
    const cut = cutForTrace(lines, 200);
    expect(cut.length).toBeLessThan(260);
    expect(cut.startsWith("line 0\nline 1\n")).toBe(true);
    expect(cut.endsWith("line 199")).toBe(true);
    const [head, tail] = cut.split(/\n… \[\d+ characters cut\] …\n/);
    expect(head?.endsWith("\n") || /line \d+$/.test(head ?? "")).toBe(true);
    expect(tail).toMatch(/^line \d+\n/);
    const counted = Number(/\[(\d+) characters cut\]/.exec(cut)?.[1]);
    expect((head?.length ?? 0) + counted + (tail?.length ?? 0)).toBe(lines.length);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const text = "😀".repeat(1000);
    const cut = cutForTrace(text, 101);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it("cuts text parts of a result for the trace and replaces big images, leaving links", () => {
    const result = {
      outcome: "completed" as const,
      isError: false,
      durationMs: 1,
      content: [
        { type: "text" as const, text: "x".repeat(5000) },
        { type: "image" as const, mimeType: "image/png", data: "A".repeat(4000) },
        { type: "resource_link" as const, uri: "file:///a", name: "a" },
      ],
    };
    const parts = resultForTrace(result, { maxTextChars: 100, maxImageBytes: 1000 });
    expect(parts[0]?.type === "text" && parts[0].text.length).toBeLessThan(200);
    expect(parts[1]).toEqual({
      type: "text",
      text: "[image (image/png), 3000 bytes, too large for the trace]",
    });
    expect(parts[2]).toEqual(result.content[2]);
    expect(result.content[0]?.type === "text" && result.content[0].text.length).toBe(5000);
  });
});

describe("createRedactor", () => {
  it("replaces every secret, longest first", () => {
    const redact = createRedactor(["abcd", "abcdef", "no"]);
    expect(redact("token abcdef and abcd; no")).toBe("token [redacted] and [redacted]; no");
  });
});

describe("resolveSigV4Region", () => {
  const gateway = new URL("https://gw-1abc.gateway.bedrock-agentcore.ap-southeast-2.amazonaws.com/mcp");
  const local = new URL("http://127.0.0.1:9000/mcp");
  const sigv4 = { kind: "sigv4" as const, service: "bedrock-agentcore" };
  it("takes the config's region, then the Gateway URL's, then AWS_REGION, else says what to set", () => {
    expect(resolveSigV4Region({ ...sigv4, region: "us-east-1" }, gateway, { AWS_REGION: "eu-west-1" })).toBe(
      "us-east-1",
    );
    expect(resolveSigV4Region(sigv4, gateway, { AWS_REGION: "eu-west-1" })).toBe("ap-southeast-2");
    expect(resolveSigV4Region(sigv4, local, { AWS_DEFAULT_REGION: "eu-west-3" })).toBe("eu-west-3");
    expect(() => resolveSigV4Region(sigv4, local, {})).toThrow(/AWS_REGION/);
  });
});
