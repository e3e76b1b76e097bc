/**
 * Tools from MCP servers in the browser, against the real servers from npm the stack's agent runs (see
 * fixtures/mcp.ts): a user approves a file write and the file is there; a Stop during a long-running
 * operation cancels it on the server (seen on the wire) and the trace says cancelled; an image result is drawn
 * in the trace pane from its data; and Admin > MCP shows the servers (one down, with its error) and switches
 * a tool off and on again for the model.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BrokerApi } from "../fixtures/api.ts";
import { mcpStack } from "../fixtures/mcp.ts";
import { createUser, expect, stack, test } from "../fixtures/test.ts";

const mcp = mcpStack();

interface ServerState {
  server: string;
  state: string;
}

// The agent connects its servers in the background after it starts: wait until it reports them connected.
test.beforeAll(async () => {
  const admin = new BrokerApi(stack.publicUrl);
  await admin.login(stack.admin.email, stack.admin.password);
  await expect
    .poll(
      async () => {
        const { agents } = await admin.request<{ agents: { servers: ServerState[] }[] }>(
          "GET",
          "/api/admin/mcp",
        );
        const servers = agents.flatMap((a) => a.servers);
        return ["files", "everything"].every((name) =>
          servers.some((s) => s.server === name && s.state === "connected"),
        );
      },
      { timeout: 60_000 },
    )
    .toBe(true);
});

test("a user approves a file write in the browser and the file is there", async ({ signIn, chat, page }) => {
  const user = await createUser();
  await signIn.signIn(user.email, user.password);
  await chat.newConversation();
  const path = join(mcp.files, `approved-${Date.now()}.txt`);
  const content = "Written by server-filesystem after the user approved it.";
  await chat.send(`/tool files__write_file ${JSON.stringify({ path, content })}`);
  const card = chat.answer(0).locator(".approval");
  await expect(card).toContainText("files__write_file");
  await expect(card).toContainText('on the MCP server "files"');
  await card.locator("summary", { hasText: "Input" }).click();
  await expect(card).toContainText(path);
  expect(existsSync(path)).toBe(false);
  await chat.screenshot("mcp-approval-request");
  await page.getByRole("button", { name: "Approve" }).click();
  await chat.waitForStatus(0, "complete");
  await expect(card).toContainText("Approved: the tool ran.");
  expect(readFileSync(path, "utf8")).toBe(content);
  await expect(chat.answer(0)).toContainText("Successfully wrote");
});

test("a Stop during the long-running operation cancels it on the server, and the trace says cancelled", async ({
  signIn,
  chat,
}) => {
  const admin = await createUser("admin");
  await signIn.signIn(admin.email, admin.password);
  await chat.newConversation();
  await chat.send('/tool everything__trigger-long-running-operation {"duration": 10, "steps": 20}');
  // Progress notifications reach the user as milestones; Stop after the first.
  await expect(chat.tracePane).toContainText("trigger-long-running-operation on everything: ", {
    timeout: 30_000,
  });
  await chat.stopButton.click();
  await chat.waitForStatus(0, "interrupted");
  const call = chat.tracePane.locator('.trace-row[data-kind="tool_call"]');
  await expect(call).toContainText("MCP everything: trigger-long-running-operation");
  await expect(call).toContainText("cancelled");
  await chat.screenshot("mcp-cancelled");

  // On the wire between the agent and server-everything: the agent sent notifications/cancelled for the
  // call; the server ran the operation to its end (20 progress notifications) yet never answered it.
  const calls = async () =>
    (await mcp.everything.sent()).filter(
      (m) =>
        m.method === "tools/call" &&
        (m.params as { name?: string }).name === "trigger-long-running-operation",
    );
  const [request] = (await calls()).slice(-1);
  expect(request).toBeDefined();
  await expect
    .poll(async () =>
      (await mcp.everything.sent()).some(
        (m) =>
          m.method === "notifications/cancelled" &&
          (m.params as { requestId?: unknown }).requestId === request?.id,
      ),
    )
    .toBe(true);
  const token = (request?.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta
    ?.progressToken;
  await expect
    .poll(
      async () =>
        (await mcp.everything.received()).filter(
          (m) =>
            m.method === "notifications/progress" &&
            (m.params as { progressToken?: unknown }).progressToken === token,
        ).length,
      { timeout: 30_000 },
    )
    .toBe(20);
  expect((await mcp.everything.received()).some((m) => m.id === request?.id)).toBe(false);
});

test("an image from an MCP tool is drawn in the trace pane from its data", async ({ signIn, chat }) => {
  const admin = await createUser("admin");
  await signIn.signIn(admin.email, admin.password);
  await chat.newConversation();
  await chat.send("/tool everything__get-tiny-image {}");
  await chat.waitForStatus(0, "complete");
  const image = chat.tracePane.locator("img.trace-image");
  await expect(image).toHaveCount(1);
  expect(await image.getAttribute("src")).toMatch(/^data:image\/png;base64,iVBOR/);
  // Drawn, not broken: the browser decoded it.
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});

test("Admin > MCP shows the servers and tools, and a switch withholds a tool from the model until switched back", async ({
  signIn,
  chat,
  page,
}) => {
  const admin = await createUser("admin");
  await signIn.signIn(admin.email, admin.password);
  await page.goto("/admin");
  await page.getByRole("tab", { name: "MCP" }).click();
  const servers = page.getByRole("region", { name: /^MCP servers of / });
  await expect(servers.locator('tr[data-server="files"]')).toContainText("connected");
  await expect(servers.locator('tr[data-server="everything"]')).toContainText("connected");
  const broken = servers.locator('tr[data-server="broken"]');
  await expect(broken).toContainText("down");
  await expect(broken).toContainText(/ENOENT|no-such-server|closed/);
  const tools = page.getByRole("region", { name: /^MCP tools of / });
  const write = tools.locator('tr[data-tool="files__write_file"]');
  await expect(write).toContainText("destructive");
  await expect(write).toContainText("needs approval");
  await page.screenshot({ path: "test-results/screenshots/admin-mcp.png", fullPage: true });

  const echo = page.getByRole("switch", { name: "Offer echo of everything to the model" });
  await expect(echo).toBeChecked();
  await echo.click();
  await expect(echo).not.toBeChecked();
  // Applied once the agent has reported since (every 2 s in this stack).
  await expect(tools.locator('tr[data-tool="everything__echo"]')).not.toContainText("pending", {
    timeout: 20_000,
  });
  try {
    await page.goto("/");
    await chat.newConversation();
    await chat.send('/tool everything__echo {"message": "while switched off"}');
    await chat.waitForStatus(0, "complete");
    await expect(chat.answer(0)).toContainText('There is no tool named "everything__echo"');
  } finally {
    await page.goto("/admin");
    await page.getByRole("tab", { name: "MCP" }).click();
    const again = page.getByRole("switch", { name: "Offer echo of everything to the model" });
    await again.click();
    await expect(again).toBeChecked();
    await expect(tools.locator('tr[data-tool="everything__echo"]')).not.toContainText("pending", {
      timeout: 20_000,
    });
  }
  await page.goto("/");
  await chat.newConversation();
  await chat.send('/tool everything__echo {"message": "switched on again"}');
  await chat.waitForStatus(0, "complete");
  await expect(chat.answer(0)).toContainText("Echo: switched on again");
});
