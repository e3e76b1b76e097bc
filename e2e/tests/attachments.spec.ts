/**
 * Attachments in the browser: files by the picker, by drag-and-drop and by paste, previewed and removable
 * before sending; a file that is not what its name claims refused at once; sent with the prompt, read by the
 * agent from the broker (the offline model describes them), shown on the turn (and after a reload), and
 * readable by their owner and administrators only.
 */
import { sampleJpeg, samplePdf, samplePng } from "@interject/attachments/testing";
import { BrokerApi } from "../fixtures/api.ts";
import { apiFor, dropFiles, file, pageWidth, pasteFiles } from "../fixtures/content.ts";
import { createUser, expect, stack, test } from "../fixtures/test.ts";

test("attach by picker, drop and paste; preview, remove, refuse, send; the agent reads them; only owner and admin can open them", async ({
  page,
  signIn,
  chat,
  browser,
}) => {
  const owner = await createUser();
  const { api } = await apiFor(owner);
  const conversation = await api.createConversation("Files");
  await signIn.signIn(owner.email, owner.password);
  await chat.open(conversation.id);

  const tray = page.getByRole("list", { name: "Files to send" });
  await page
    .getByTestId("attach-input")
    .setInputFiles([
      file("chart.png", "image/png", samplePng(64, 48)),
      file("q3 report.pdf", "application/pdf", samplePdf(["Revenue rose 12%", "Costs fell"])),
    ]);
  await expect(tray.getByRole("img", { name: "chart.png" })).toBeVisible();
  await expect(tray.getByText("q3 report.pdf")).toBeVisible();
  await expect(tray.getByText("· 2 pages")).toBeVisible();

  // A JPEG named .png is refused by the broker, with the reason, before anything is sent.
  await dropFiles(page, ".chat-main", [file("holiday.png", "image/png", sampleJpeg())]);
  await expect(tray.getByRole("alert")).toHaveText(
    "holiday.png is not a PNG image: its content is a JPEG image.",
  );
  await tray.getByRole("button", { name: "Remove holiday.png" }).click();
  // A type Interject does not take is refused in the browser.
  await pasteFiles(page, "#composer-input", [
    file("tool.exe", "application/octet-stream", new Uint8Array([77, 90])),
  ]);
  await expect(tray.getByRole("alert")).toContainText("tool.exe is not a type Interject accepts");
  await tray.getByRole("button", { name: "Remove tool.exe" }).click();
  // Dropped and pasted files join the tray; one is removed again before sending.
  await pasteFiles(page, "#composer-input", [
    file("notes.txt", "text/plain", new TextEncoder().encode("first line\nsecond line\n")),
  ]);
  await dropFiles(page, ".chat-main", [file("extra.png", "image/png", samplePng(8, 8))]);
  await expect(tray.getByRole("img", { name: "extra.png" })).toBeVisible();
  await tray.getByRole("button", { name: "Remove extra.png" }).click();
  await expect(tray.getByText("extra.png")).toHaveCount(0);
  await expect(tray.getByText("notes.txt")).toBeVisible();
  await expect(page.locator(".file-chip[data-status='uploading']")).toHaveCount(0);
  await chat.screenshot("attachments-tray");

  await chat.send("What did I send?");
  await expect(tray).toHaveCount(0);
  await chat.waitForStatus(0, "complete");
  const answer = chat.answer(0);
  await expect(answer).toContainText("You sent me 3 files.");
  await expect(answer).toContainText("chart.png: PNG image");
  await expect(answer).toContainText("64 × 48 pixels");
  await expect(answer).toContainText("q3 report.pdf: PDF document");
  await expect(answer).toContainText("Revenue rose 12%");
  await expect(answer).toContainText("notes.txt: text file, 23 bytes");
  const files = chat.turns.nth(0).getByRole("list", { name: "Attached files" });
  await expect(files.getByRole("img", { name: "chart.png" })).toBeVisible();
  await expect(files.getByRole("link", { name: "q3 report.pdf" })).toBeVisible();
  await chat.screenshot("attachments-sent");

  // After a reload the turn still shows its files, from the broker's history.
  await page.reload();
  await chat.waitConnected();
  await expect(chat.turns.nth(0).getByRole("img", { name: "chart.png" })).toBeVisible();
  const pdfHref = await chat.turns.nth(0).getByRole("link", { name: "q3 report.pdf" }).getAttribute("href");
  expect(pdfHref).toMatch(/^\/api\/attachments\/[0-9a-f-]{36}$/);
  const mine = await page.request.get(pdfHref ?? "");
  expect(mine.status()).toBe(200);
  expect(mine.headers()["content-disposition"]).toMatch(/^attachment;/);

  // Someone else gets nothing; an administrator can read it.
  const stranger = await browser.newContext();
  const other = await createUser();
  await stranger.request.post(`${stack.publicUrl}/api/auth/login`, {
    data: { email: other.email, password: other.password },
    headers: { origin: stack.publicUrl },
  });
  expect((await stranger.request.get(`${stack.publicUrl}${pdfHref}`)).status()).toBe(404);
  await stranger.close();
  const admin = new BrokerApi(stack.publicUrl);
  await admin.login(stack.admin.email, stack.admin.password);
  const detail = await admin.request<{ turns: Array<{ attachments: Array<{ name: string }> }> }>(
    "GET",
    `/api/admin/conversations/${conversation.id}`,
  );
  expect(detail.turns[0]?.attachments.map((f) => f.name)).toEqual([
    "chart.png",
    "q3 report.pdf",
    "notes.txt",
  ]);
});

test("files on the new-chat page; too big and a sixth document refused; an edited message keeps its files; a branch reads new ones", async ({
  page,
  signIn,
  chat,
}) => {
  const owner = await createUser();
  await signIn.signIn(owner.email, owner.password);
  await chat.newConversation();
  const tray = page.getByRole("list", { name: "Files to send" });
  const text = (s: string) => new TextEncoder().encode(s);

  // Too big for its kind: said before anything is uploaded.
  await page
    .getByTestId("attach-input")
    .setInputFiles([file("huge.txt", "text/plain", new Uint8Array(5_000_000).fill(97))]);
  await expect(tray.getByRole("alert")).toHaveText("huge.txt is 5 MB; it may be at most 4.5 MB.");
  await tray.getByRole("button", { name: "Remove huge.txt" }).click();
  // A model request takes at most five documents: the sixth is refused at once.
  await page
    .getByTestId("attach-input")
    .setInputFiles(
      ["d1", "d2", "d3", "d4", "d5", "d6"].map((n) => file(`${n}.txt`, "text/plain", text(`${n}\n`))),
    );
  await expect(tray.getByRole("alert")).toHaveText("d6.txt: a message may carry at most 5 documents.");
  for (const n of ["d1", "d2", "d3", "d4", "d5", "d6"])
    await tray.getByRole("button", { name: `Remove ${n}.txt` }).click();
  await expect(tray).toHaveCount(0);

  // The first message of a new conversation carries its file.
  await page
    .getByTestId("attach-input")
    .setInputFiles([file("notes.txt", "text/plain", text("alpha line\nbeta line\n"))]);
  await expect(page.locator(".file-chip[data-status='ready']")).toHaveCount(1);
  await chat.send("What is in my file?");
  await chat.waitForStatus(0, "complete");
  await expect(chat.answer(0)).toContainText("notes.txt: text file, 21 bytes");
  await expect(chat.answer(0)).toContainText("alpha line");

  // Editing that message makes a new branch; the new version keeps the file, and the agent reads it there.
  const message = page.locator("article.turn").nth(0).locator(".user-message");
  await message.getByRole("button", { name: "Edit this message" }).click();
  await page.getByLabel("Edit your message").fill("Read my file again.");
  await page.getByLabel("Edit your message").press("Enter");
  await page.waitForURL(/branch=/);
  await chat.waitForStatus(0, "complete");
  await expect(message).toContainText("2 / 2");
  await expect(message.getByRole("list", { name: "Attached files" })).toContainText("notes.txt");
  await expect(chat.answer(0)).toContainText("notes.txt: text file, 21 bytes");

  // A file sent on the branch is read by the branch's own runtime session.
  await chat.waitConnected();
  await dropFiles(page, ".chat-main", [file("extra.png", "image/png", samplePng(20, 10))]);
  await expect(page.locator(".file-chip[data-status='ready']")).toHaveCount(1);
  await chat.send("And this one?");
  await chat.waitForStatus(1, "complete");
  await expect(chat.answer(1)).toContainText("extra.png: PNG image");
  await expect(chat.answer(1)).toContainText("20 × 10 pixels");

  // On a phone (375 px) a tray with a long name and an error does not scroll sideways.
  await page.setViewportSize({ width: 375, height: 740 });
  await page
    .getByTestId("attach-input")
    .setInputFiles([
      file("a-very-long-file-name-that-goes-on-and-on-for-a-while.png", "image/png", samplePng(8, 8)),
      file("setup.exe", "application/octet-stream", new Uint8Array([77, 90])),
    ]);
  await expect(tray.getByRole("alert")).toBeVisible();
  expect(await pageWidth(page)).toBeLessThanOrEqual(375);
  await chat.screenshot("phone-attachments");
});
