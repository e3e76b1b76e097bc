import { chromium } from "playwright-core";

const base = "http://localhost:3150";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu"],
});
const ctx = await browser.newContext({ viewport: { width: 375, height: 740 } });
const page = await ctx.newPage();
await page.goto(`${base}/sign-in`);
await page.getByLabel("Email").fill("admin@interject.local");
await page.getByLabel("Password").fill("ux chat admin passphrase long");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForTimeout(1000);
for (const path of ["/admin", "/settings/password", "/"]) {
  await page.goto(base + path);
  await page.waitForTimeout(1500);
  for (const tab of path === "/admin" ? ["Users", "Conversations", "Audit log"] : [""]) {
    if (tab) {
      await page.getByRole("tab", { name: tab }).click();
      await page.waitForTimeout(1000);
    }
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("*")]
        .filter((e) => e.getBoundingClientRect().right > 376)
        .slice(0, 6)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    console.log(path, tab, await page.evaluate(() => document.documentElement.scrollWidth), wide);
  }
}
await browser.close();
