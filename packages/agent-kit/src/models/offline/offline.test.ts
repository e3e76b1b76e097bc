/** The kit's standard tools and the offline model: calculator parsing, the clock, `/tool`, answers, aborts. */
import { describe, expect, it } from "vitest";
import { saveNoteTool } from "../../testing/note-tool.ts";
import { CalculatorError, calculatorTool, evaluate, formatNumber } from "../../tools/calculator.ts";
import { clockTool } from "../../tools/clock.ts";
import { ToolRegistry } from "../../tools/tool.ts";
import type { ModelEvent } from "../provider.ts";
import { OfflineProvider, tokenize } from "./offline-provider.ts";
import { planTools } from "./planner.ts";
import { firstBlocks } from "./writer.ts";

describe("calculator", () => {
  it("evaluates arithmetic with precedence, powers, functions and constants", () => {
    expect(evaluate("2 + 3 * 4")).toBe(14);
    expect(evaluate("2 ^ 3 ^ 2")).toBe(512);
    expect(evaluate("-2 ** 2")).toBe(-4);
    expect(evaluate("(1 + 2) * -3")).toBe(-9);
    expect(evaluate("sqrt(16) + max(1, 7, 3) + abs(-2)")).toBe(13);
    expect(evaluate("10 % 4")).toBe(2);
    expect(formatNumber(evaluate("0.1 + 0.2"))).toBe("0.3");
    expect(evaluate("6 × 7 ÷ 2")).toBe(21);
    expect(evaluate("2 * pi")).toBeCloseTo(6.283185307, 6);
  });

  it("refuses anything that is not arithmetic, without eval", () => {
    for (const bad of ["", "1 +", "process.exit(1)", "2 / 0", "constructor", "1 2", "(1", "alert(1)"]) {
      expect(() => evaluate(bad), bad).toThrow(CalculatorError);
    }
  });
});

describe("clock", () => {
  it("tells the time in a zone and refuses unknown zones", async () => {
    const context = {
      signal: new AbortController().signal,
      session: new Map<string, unknown>(),
      now: () => new Date("2026-01-02T03:04:05Z"),
      progress: () => {},
    };
    expect(await clockTool.run({ timeZone: "Asia/Tokyo" }, context)).toContain("12:04:05");
    await expect(clockTool.run({ timeZone: "Mars/Olympus" }, context)).rejects.toThrow(/Unknown time zone/);
  });
});

async function collect(stream: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("offline model", () => {
  const tools = new ToolRegistry([calculatorTool, clockTool, saveNoteTool]).specs();

  it("calls a tool by name with /tool and its JSON arguments, and says what is wrong with a bad command", () => {
    expect(planTools('/tool save_note {"text": "buy milk"}', tools)).toMatchObject({
      calls: [{ name: "save_note", input: { text: "buy milk" } }],
      problem: null,
    });
    expect(planTools("/tool clock", tools).calls).toEqual([
      expect.objectContaining({ name: "clock", input: {} }),
    ]);
    expect(planTools('/tool nope {"a": 1}', tools)).toMatchObject({
      calls: [],
      problem: expect.stringContaining('There is no tool named "nope"'),
    });
    expect(planTools("/tool calculator {oops", tools)).toMatchObject({
      calls: [],
      problem: expect.stringContaining("not valid JSON"),
    });
    expect(planTools("/tool calculator [1]", tools).problem).toContain("must be a JSON object");
  });

  it("picks tools by their hints, in the order the tools were given", () => {
    expect(planTools("take a note: 2 + 2 is 4", tools).calls.map((c) => c.name)).toEqual([
      "calculator",
      "save_note",
    ]);
    expect(planTools("My name is Ada", tools).calls).toEqual([]);
  });

  it("writes 300+ words when asked for detail, says it is the offline model, and is deterministic", async () => {
    const provider = new OfflineProvider({ delayMs: 0 });
    const request = (text: string) => ({
      system: "",
      tools: [],
      messages: [{ role: "user" as const, text }],
      signal: new AbortController().signal,
    });
    const text = async (prompt: string) =>
      (await collect(provider.stream(request(prompt))))
        .map((e) => (e.type === "text" ? e.text : ""))
        .join("");
    const long = await text("Tell me about the history of Rome in detail");
    expect(long.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(300);
    expect(long).toContain("offline model");
    expect(await text("Tell me about the history of Rome in detail")).toBe(long);
    expect(await text("Bonjour, explique-moi le protocole s'il te plaît")).toContain("modèle hors ligne");
    expect(await text("Расскажи о протоколе")).toContain("офлайн-модель");
    expect(tokenize(long).join("")).toBe(long);
  });

  it("stops producing as soon as its signal aborts", async () => {
    const provider = new OfflineProvider({ delayMs: 1 });
    const controller = new AbortController();
    let produced = 0;
    const run = (async () => {
      for await (const event of provider.stream({
        system: "",
        tools: [],
        messages: [{ role: "user", text: "Explain everything in detail" }],
        signal: controller.signal,
      })) {
        if (event.type === "text") produced++;
        if (produced === 3) controller.abort();
      }
    })();
    await expect(run).rejects.toThrow();
    expect(produced).toBe(3);
  });
});

describe("firstBlocks", () => {
  const doc = [
    "Traces come in kinds. Each has a time.",
    "- `milestone`: short progress,",
    "  such as Thinking.",
    "- `reasoning`: why a tool was chosen.",
    "- `tool_call`: the tool and its input.",
    "",
    "```json",
    '{"kind": "milestone"}',
    "```",
    "",
    "Filtering happens in the agent,",
    "never in the browser.",
  ].join("\n");

  it("keeps paragraphs and list items as they are, within the word budget", () => {
    expect(firstBlocks(doc, 200)).toBe(
      [
        "Traces come in kinds. Each has a time.",
        "",
        "- `milestone`: short progress,\n  such as Thinking.\n- `reasoning`: why a tool was chosen.\n- `tool_call`: the tool and its input.",
        "",
        "Filtering happens in the agent, never in the browser.",
      ].join("\n"),
    );
  });

  it("stops at a whole item or a whole paragraph, and cuts an over-long first paragraph at a sentence", () => {
    expect(firstBlocks(doc, 16)).toBe(
      "Traces come in kinds. Each has a time.\n\n- `milestone`: short progress,\n  such as Thinking.",
    );
    expect(firstBlocks("One two three. Four five six seven.", 4)).toBe("One two three.");
  });
});
