/** The tools and the offline model's pieces: calculator parsing, knowledge search, intent and answers. */
import { describe, expect, it } from "vitest";
import { KnowledgeIndex } from "../knowledge/knowledge-index.ts";
import { OfflineProvider, planTools, tokenize } from "../models/offline/offline-provider.ts";
import type { ModelEvent } from "../models/provider.ts";
import { DOCS_DIR } from "../testing/agent-fixture.ts";
import { CalculatorError, evaluate, formatNumber } from "./calculator.ts";
import { clockTool } from "./clock.ts";

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
      session: { tickets: [] },
      now: () => new Date("2026-01-02T03:04:05Z"),
    };
    expect(await clockTool.run({ timeZone: "Asia/Tokyo" }, context)).toContain("12:04:05");
    await expect(clockTool.run({ timeZone: "Mars/Olympus" }, context)).rejects.toThrow(/Unknown time zone/);
  });
});

describe("knowledge search", () => {
  it("ranks the sections of the docs folder, also for Japanese text", async () => {
    const index = await KnowledgeIndex.load(DOCS_DIR);
    expect(index.sections.length).toBeGreaterThan(20);
    expect(index.search("What does resume_too_old mean?")[0]?.section.file).toMatch(
      /troubleshooting|protocol/,
    );
    expect(index.search("approval deadline expired")[0]?.section.file).toBe("approvals.md");
    const japanese = new KnowledgeIndex([
      { file: "a.md", heading: "割り込み", text: "回答の途中で割り込みできます" },
      { file: "b.md", heading: "other", text: "nothing" },
    ]);
    expect(japanese.search("割り込みについて")[0]?.section.file).toBe("a.md");
    expect((await KnowledgeIndex.load("/nonexistent/folder")).sections).toEqual([]);
  });
});

async function collect(stream: AsyncIterable<ModelEvent>): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("offline model", () => {
  const available = new Set(["search_knowledge", "calculator", "clock", "create_ticket"]);

  it("plans the right tools for a prompt", () => {
    expect(planTools("what is (3+4)*5?", available).calls.map((c) => c.name)).toEqual(["calculator"]);
    expect(planTools("What time is it in Europe/Paris?", available).calls).toEqual([
      expect.objectContaining({ name: "clock", input: { timeZone: "Europe/Paris" } }),
    ]);
    expect(planTools("Open a ticket about broken login", available).calls[0]).toMatchObject({
      name: "create_ticket",
      input: { title: "broken login" },
    });
    expect(planTools("How do traces work?", available).calls.map((c) => c.name)).toEqual([
      "search_knowledge",
    ]);
    expect(planTools("My name is Ada", available).calls).toEqual([]);
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
