import { chromium } from "playwright-core";

const base = "http://localhost:3150";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu"],
});
const ctx = await browser.newContext({ viewport: { width: 1360, height: 860 } });
const page = await ctx.newPage();
page.on("pageerror", (e) => console.error("pageerror", e.message));
page.on("console", (m) => {
  if (m.type() === "error") console.error("console", m.text());
});
await page.goto(`${base}/sign-in`);
await page.getByLabel("Email").fill("admin@interject.local");
await page.getByLabel("Password").fill("ux chat admin passphrase long");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForTimeout(1500);
await page.screenshot({ path: "/tmp/uxc/shots/a1-home.png" });
await page.getByLabel("Message").fill("What do the traces show? Give me the kinds.");
await page.getByLabel("Message").press("Enter");
await page.waitForURL(/\/c\//);
await page.getByRole("button", { name: "Copy answer" }).first().waitFor({ timeout: 60000 });
await page.getByLabel("Message").fill("My name is Ada.");
await page.getByLabel("Message").press("Enter");
await page.getByRole("button", { name: "Copy answer" }).nth(1).waitFor({ timeout: 60000 });
await page.screenshot({ path: "/tmp/uxc/shots/a2-chat.png" });
// edit the second message
await page.getByRole("button", { name: "Edit this message" }).nth(1).click();
await page.getByLabel("Edit your message").fill("My name is Grace.");
await page.getByLabel("Edit your message").press("Enter");
await page.waitForURL(/branch=/);
await page.getByRole("button", { name: "Copy answer" }).nth(1).waitFor({ timeout: 60000 });
await page.waitForTimeout(1000);
await page.screenshot({ path: "/tmp/uxc/shots/a3-edited.png" });
console.log("switcher:", await page.locator(".version-count").allInnerTexts());
await page.getByRole("button", { name: "Previous version" }).click();
await page.waitForTimeout(2000);
console.log(
  "after prev:",
  await page.locator(".prompt-text").allInnerTexts(),
  await page.locator(".version-count").allInnerTexts(),
);
await page.getByRole("button", { name: "Retry" }).click();
await page.waitForTimeout(4000);
console.log("after retry:", page.url(), await page.locator(".version-count").allInnerTexts());
await page.screenshot({ path: "/tmp/uxc/shots/a4-retry.png" });
await page.keyboard.press("?");
await page.waitForTimeout(500);
await page.screenshot({ path: "/tmp/uxc/shots/a5-help.png" });
await page.keyboard.press("Escape");
await page.getByLabel("Theme").selectOption("dark");
await page.waitForTimeout(500);
await page.screenshot({ path: "/tmp/uxc/shots/a6-dark.png" });
await page.getByLabel("Search conversations").fill("trace");
await page.waitForTimeout(1500);
await page.screenshot({ path: "/tmp/uxc/shots/a7-search.png" });
await page.getByLabel("Theme").selectOption("light");
const phone = await browser.newContext({
  viewport: { width: 375, height: 740 },
  storageState: await ctx.storageState(),
});
const p2 = await phone.newPage();
await p2.goto(page.url());
await p2.waitForTimeout(2500);
await p2.screenshot({ path: "/tmp/uxc/shots/a8-phone.png" });
console.log("phone chat scrollWidth", await p2.evaluate(() => document.documentElement.scrollWidth));
await p2.getByRole("button", { name: "Menu" }).click();
await p2.waitForTimeout(500);
await p2.screenshot({ path: "/tmp/uxc/shots/a9-phone-menu.png" });
await p2.goto(`${base}/admin`);
await p2.waitForTimeout(1500);
console.log("admin scrollWidth", await p2.evaluate(() => document.documentElement.scrollWidth));
await p2.screenshot({ path: "/tmp/uxc/shots/a10-phone-admin.png" });
await browser.close();
