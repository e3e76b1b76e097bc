/** The built-in agent's tools, and how the offline model picks them: knowledge search, tickets, arithmetic, time. */
import { calculatorTool, clockTool, planTools, readIntent, ToolRegistry } from "@interject/agent-kit";
import { describe, expect, it } from "vitest";
import { KnowledgeIndex } from "../knowledge/knowledge-index.ts";
import { DOCS_DIR } from "../testing/start-agent.ts";
import { createTicketTool, ticketsOf } from "./create-ticket.ts";
import { searchKnowledgeTool } from "./search-knowledge.ts";

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

describe("knowledge search for the offline model", () => {
  it("keeps the documentation's paragraphs and lists in what it says", async () => {
    const tool = searchKnowledgeTool(await KnowledgeIndex.load(DOCS_DIR));
    const context = {
      signal: new AbortController().signal,
      session: new Map(),
      now: () => new Date(0),
      progress: () => {},
    };
    const prompt = "What do the traces show? Give me the kinds.";
    const result = await tool.run({ query: prompt, limit: 4 }, context);
    const output = typeof result === "string" ? result : result.text;
    const said = tool.offline?.describe?.({ output, isError: false }, readIntent(prompt));
    // Each section under its heading, then its text as Markdown blocks: list items on lines of their own.
    expect(said).toMatch(/\*\*Trace kinds \(traces\.md\)\*\*\n\n- `milestone`/);
    expect(said).toMatch(/\n- `reasoning`/);
    expect(said?.split("\n\n").length).toBeGreaterThanOrEqual(4);
  });
});

describe("offline model", () => {
  const available = new ToolRegistry([
    createTicketTool,
    calculatorTool,
    clockTool,
    searchKnowledgeTool(new KnowledgeIndex([])),
  ]).specs();

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
});

describe("create_ticket", () => {
  it("records tickets in the session's tool state, numbered", async () => {
    const session = new Map<string, unknown>();
    const context = {
      signal: new AbortController().signal,
      session,
      now: () => new Date(0),
      progress: () => {},
    };
    expect(await createTicketTool.run({ title: "a", body: "" }, context)).toBe('Ticket T-1 created: "a".');
    expect(await createTicketTool.run({ title: "b", body: "x" }, context)).toBe('Ticket T-2 created: "b".');
    expect(ticketsOf(session).map((t) => t.id)).toEqual(["T-1", "T-2"]);
  });
});
