/**
 * The bad day: a reload mid-answer, the runtime restarted under a streaming answer, the agent killed
 * mid-answer, the broker restarted mid-session. Processes are killed for real (their pids come from the
 * start script, which brings them back as a platform would).
 */
import { createUser, expect, stack, test } from "../fixtures/test.ts";
import type { ChatPage } from "../pages/chat-page.ts";

test.beforeEach(async ({ signIn }) => {
  const user = await createUser();
  await signIn.signIn(user.email, user.password);
});

async function killAndWaitBack(name: "agent" | "runtime" | "broker"): Promise<void> {
  const pid = stack.pid(name);
  process.kill(pid, "SIGKILL");
  await expect
    .poll(
      () => {
        try {
          return stack.pid(name) !== pid;
        } catch {
          return false;
        }
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}

function uniqueText(chat: ChatPage, turnId: string): string {
  return chat
    .turnFrames(turnId)
    .filter((f) => f.type === "chunk")
    .map((f) => f.data)
    .join("");
}

test("the runtime restarts under a streaming answer: it resumes with nothing lost or repeated", async ({
  chat,
}) => {
  await chat.newConversation();
  await chat.send("Explain in detail, step by step, how reconnecting works.");
  await chat.waitForStatus(0, "streaming");
  await expect.poll(() => chat.frames.filter((f) => f.type === "chunk").length).toBeGreaterThan(5);
  await killAndWaitBack("runtime");
  await chat.waitForStatus(0, "complete");
  const [turnId = ""] = chat.turnIds();
  const complete = chat.turnFrames(turnId).find((f) => f.type === "complete");
  expect(uniqueText(chat, turnId)).toBe(complete?.fullResponse);
  const seqs = chat.frames.filter((f) => f.type === "chunk").map((f) => f.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(chat.socketUrls.length).toBeGreaterThan(1);
  // Every connection used a URL the broker had just minted (two mints in one second are identical).
  expect(chat.expiredUrlsUsed()).toEqual([]);
  // On screen too: the answer's opening line appears once (nothing shown twice after the resume).
  const opening =
    (complete?.fullResponse ?? "")
      .split("\n")[0]
      ?.replace(/[*_`#>[\]]/g, "")
      .slice(0, 40) ?? "";
  const shown = (await chat.answer(0).textContent()) ?? "";
  expect(opening.length).toBeGreaterThan(10);
  expect(shown.split(opening).length - 1).toBe(1);
});

test("a reload mid-answer shows the history, then picks the answer up where it is", async ({
  chat,
  page,
}) => {
  await chat.newConversation();
  await chat.send("My name is Ada.");
  await chat.waitForStatus(0, "complete");
  await chat.send("Explain in detail how the trace pane works.");
  await chat.waitForStatus(1, "streaming");
  await expect.poll(() => chat.frames.filter((f) => f.type === "chunk").length).toBeGreaterThan(5);
  await page.reload();
  await expect(chat.turns.nth(0)).toContainText("My name is Ada.");
  await chat.waitForStatus(1, "complete");
  const turnId = chat.turnIds().at(-1) ?? "";
  const complete = chat.frames.find((f) => f.type === "complete" && f.turnId === turnId);
  expect(complete?.fullResponse?.length).toBeGreaterThan(100);
  await expect(chat.turns).toHaveCount(2);
});

test("the agent dies mid-answer: a clear error, then the conversation goes on with its context", async ({
  chat,
}) => {
  await chat.newConversation();
  await chat.send("My name is Grace.");
  await chat.waitForStatus(0, "complete");
  await chat.send("Explain in detail everything about deployment.");
  await chat.waitForStatus(1, "streaming");
  await expect.poll(() => chat.frames.filter((f) => f.type === "chunk").length).toBeGreaterThan(5);
  await killAndWaitBack("agent");
  await expect(chat.answer(1)).toHaveAttribute("data-status", /error|interrupted/, { timeout: 45_000 });
  await expect(chat.turns.nth(1)).toContainText(/error|stopped|restart|cut short/i);
  await chat.screenshot("agent-died");
  await chat.send("What is my name?");
  await chat.waitForStatus(2, "complete");
  await expect(chat.answer(2)).toContainText("Grace");
});

test("the broker restarts mid-session: nothing persisted is lost", async ({ chat, page }) => {
  await chat.newConversation();
  await chat.send("What is 5 * 5?");
  const id = chat.conversationId();
  await chat.waitForStatus(0, "complete");
  await killAndWaitBack("broker");
  await expect
    .poll(async () => (await fetch(`${stack.publicUrl}/api/health`).catch(() => null))?.ok, {
      timeout: 90_000,
    })
    .toBe(true);
  await chat.send("And what is 6 * 6?");
  await chat.waitForStatus(1, "complete");
  await page.reload();
  await chat.open(id);
  await expect(chat.turns).toHaveCount(2);
  await expect(chat.answer(0)).toContainText("25");
  await expect(chat.answer(1)).toContainText("36");
});
