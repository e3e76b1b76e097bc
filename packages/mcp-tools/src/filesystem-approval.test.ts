/**
 * Against the real server-filesystem on a temporary folder: tools that change things need approval (by their
 * annotations, by "unlessReadOnly", by a list in the config), read-only ones do not, disabled ones are
 * withheld, and a write really writes.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { McpToolManager } from "./manager.ts";
import { configOf } from "./testing/config.ts";
import { filesystemStdio } from "./testing/mcp-servers.ts";
import { waitForStatus } from "./testing/wait.ts";

let folder: string;
let manager: McpToolManager;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "mcp-fs-"));
  manager = new McpToolManager({
    config: configOf({
      files: {
        ...filesystemStdio(folder),
        interject: { requireApproval: ["list_allowed_directories"], disabledTools: ["move_file"] },
      },
      strict: { ...filesystemStdio(folder), interject: { requireApproval: "unlessReadOnly" } },
    }),
    healthCheckIntervalMs: 0,
  });
  manager.start();
  await manager.whenSettled();
  await waitForStatus(manager, "files", (s) => s.state === "connected");
  await waitForStatus(manager, "strict", (s) => s.state === "connected");
});

afterAll(async () => {
  await manager.close();
});

const approval = (name: string) => manager.tool(name)?.needsApproval;

describe("approval for server-filesystem's tools", () => {
  it("asks for destructive tools and listed tools only, by default", () => {
    expect(manager.tool("files__write_file")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    expect(approval("files__write_file")).toBe(true);
    expect(approval("files__edit_file")).toBe(true);
    // Not read-only but not destructive either: free unless the config says otherwise.
    expect(approval("files__create_directory")).toBe(false);
    expect(approval("files__read_text_file")).toBe(false);
    expect(approval("files__list_allowed_directories")).toBe(true);
    expect(manager.tool("files__move_file")).toBeUndefined();
  });

  it('asks for every tool not marked read-only under "unlessReadOnly"', () => {
    expect(approval("strict__create_directory")).toBe(true);
    expect(approval("strict__write_file")).toBe(true);
    expect(approval("strict__read_text_file")).toBe(false);
    expect(approval("strict__list_directory")).toBe(false);
    expect(manager.tool("strict__move_file")?.needsApproval).toBe(true);
  });

  it("writes a file through write_file, and reads it back", async () => {
    const path = join(folder, "note.txt");
    const written = await manager.tool("files__write_file")?.call({ path, content: "approved by a person" });
    expect(written).toMatchObject({ outcome: "completed", isError: false });
    expect(await readFile(path, "utf8")).toBe("approved by a person");
    const read = await manager.tool("files__read_text_file")?.call({ path });
    expect(read?.content).toEqual([{ type: "text", text: "approved by a person" }]);
  });

  it("reports the server's refusal (a path outside the folder) as a tool error", async () => {
    const refused = await manager
      .tool("files__write_file")
      ?.call({ path: "/etc/interject-nope", content: "x" });
    expect(refused).toMatchObject({ outcome: "completed", isError: true });
    expect(refused?.content[0]?.type === "text" && refused.content[0].text).toMatch(
      /denied|outside|not allowed/i,
    );
  });
});
