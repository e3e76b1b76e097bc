/**
 * The offline model picks a tool without an OfflineHint (an MCP server's) by its name and description, only
 * when the prompt plainly names it and its required input can be read off the prompt; tools with hints and
 * the fallback keep their places. The specs are server-everything's and server-filesystem's as they list them.
 */
import { describe, expect, it } from "vitest";
import { calculatorTool } from "../../tools/calculator.ts";
import { clockTool } from "../../tools/clock.ts";
import { ToolRegistry } from "../../tools/tool.ts";
import type { ToolSpec } from "../provider.ts";
import { inputFromPrompt, nameWords, pickByDescription } from "./description-hint.ts";
import { planTools } from "./planner.ts";

const mcp: ToolSpec[] = [
  {
    name: "everything__echo",
    description: "Echoes back the input string",
    inputSchema: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
  },
  {
    name: "everything__get-sum",
    description: "Returns the sum of two numbers",
    inputSchema: {
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a", "b"],
    },
  },
  {
    name: "everything__trigger-long-running-operation",
    description: "Demonstrates a long running operation with progress updates.",
    inputSchema: {
      type: "object",
      properties: { duration: { type: "number" }, steps: { type: "number" } },
    },
  },
  {
    name: "files__write_file",
    description:
      "Create a new file or completely overwrite an existing file with new content. Use with caution.",
    inputSchema: {
      type: "object",
      properties: { path: { type: "string" }, content: { type: "string" } },
      required: ["path", "content"],
    },
  },
  {
    name: "files__read_text_file",
    description: "Read the complete contents of a file from the file system as text.",
    inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
];
const tools = [...new ToolRegistry([calculatorTool, clockTool]).specs(), ...mcp];
const picked = (prompt: string) => planTools(prompt, tools).calls.map((c) => [c.name, c.input]);

describe("picking a tool without a hint by its description", () => {
  it("takes the distinctive words of the tool's own name", () => {
    expect(nameWords("everything__get-sum")).toEqual(["sum"]);
    expect(nameWords("everything__trigger-long-running-operation")).toEqual(["long", "runn"]);
    expect(nameWords("gateway__weather___getForecast")).toEqual(["weather", "forecast"]);
  });

  it("calls a tool the prompt names, with the input read off the prompt", () => {
    expect(picked('Please echo "hello there"')).toEqual([["everything__echo", { message: "hello there" }]]);
    expect(picked("echo this: good morning")).toEqual([["everything__echo", { message: "good morning" }]]);
    expect(picked("What is the sum of 2 and 40?")).toEqual([["everything__get-sum", { a: 2, b: 40 }]]);
    expect(picked("start a long running job")).toEqual([["everything__trigger-long-running-operation", {}]]);
    // By its description alone (three of its distinctive words), when the name is not in the prompt.
    expect(picked('show the complete contents of the file "notes.txt"')).toEqual([
      ["files__read_text_file", { path: "notes.txt" }],
    ]);
  });

  it("calls nothing when the required input cannot be read off the prompt", () => {
    expect(picked("echo")).toEqual([]);
    expect(picked("what is the sum of two numbers")).toEqual([]);
    // Two required strings: too much to guess, left to /tool.
    expect(picked('write a file "a.txt" with "hello"')).toEqual([]);
    expect(inputFromPrompt("flag it", { properties: { on: { type: "boolean" } }, required: ["on"] })).toBe(
      null,
    );
  });

  it("leaves prompts that name no tool alone, and tools with hints first", () => {
    for (const prompt of [
      "Explain in detail how interruption and traces work",
      "How does resume work after a reconnect?",
      "My name is Ada",
      "hello",
      'Tell me about "the protocol"',
    ]) {
      expect(picked(prompt), prompt).toEqual([]);
    }
    expect(picked("what time is it? echo 'x'").map(([name]) => name)).toEqual(["clock"]);
    expect(picked("What is 12 * 12?").map(([name]) => name)).toEqual(["calculator"]);
    expect(pickByDescription("sum 1 and 2", [{ ...mcp[1], offline: clockTool.offline } as ToolSpec])).toBe(
      null,
    );
  });
});
