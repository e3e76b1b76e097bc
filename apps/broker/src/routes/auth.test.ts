/** Sign-in, sign-out, sessions and cookies over real HTTP against a real broker. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS } from "../auth/passwords.ts";
import { testDbKind } from "../test/database.ts";
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  newUser,
  secretsInLogs,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  expect(secretsInLogs(broker)).toEqual([]);
  await broker.stop();
});

describe("password sign-in", () => {
  it("runs on the database the suite was asked for", () => {
    expect(broker.database.kind).toBe(testDbKind());
  });

  it("signs the first admin in with a __Host- cookie that is Secure, HttpOnly and SameSite=Lax", async () => {
    const b = broker.browser();
    const r = await b.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(r.status).toBe(200);
    expect(r.body.user.role).toBe("admin");
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith("__Host-interject_session="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    const token = b.cookies.get("__Host-interject_session") ?? "";
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    const me = await b.request<{ user: { email: string } }>("GET", "/api/me");
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(ADMIN_EMAIL);
  });

  it("answers 401 when signed out", async () => {
    const r = await broker.browser().request("GET", "/api/me");
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
  });

  it("issues a new token at every sign-in", async () => {
    const a = broker.browser();
    await a.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const first = a.cookies.get("__Host-interject_session");
    await a.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const second = a.cookies.get("__Host-interject_session");
    expect(second).not.toBe(first);
    const old = broker.browser();
    old.cookies.set("__Host-interject_session", first ?? "");
    expect((await old.request("GET", "/api/me")).status).toBe(401);
  });

  it("gives the same answer for an unknown user and a wrong password", async () => {
    const unknown = await broker.browser().login("nobody@example.com", "whatever-password-1");
    const wrong = await broker.browser().login(ADMIN_EMAIL, "whatever-password-1");
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.headers.get("set-cookie")).toBeNull();
  });

  it("logout ends every session of the user", async () => {
    const admin = await signedInAdmin(broker);
    const { browser: one, password } = await newUser(broker, admin, "logout@example.com");
    const two = broker.browser();
    await two.login("logout@example.com", password);
    const out = await one.request("POST", "/api/auth/logout");
    expect(out.status).toBe(204);
    expect((await one.request("GET", "/api/me")).status).toBe(401);
    expect((await two.request("GET", "/api/me")).status).toBe(401);
  });

  it("changes a password: the policy applies, the old one stops working, other sessions end", async () => {
    const admin = await signedInAdmin(broker);
    const { browser, password } = await newUser(broker, admin, "changer@example.com");
    const other = broker.browser();
    await other.login("changer@example.com", password);
    const weak = await browser.request("POST", "/api/me/password", {
      currentPassword: password,
      newPassword: "password123",
    });
    expect(weak.status).toBe(400);
    expect((weak.body as { error: { code: string } }).error.code).toBe("weak_password");
    const short = await browser.request("POST", "/api/me/password", {
      currentPassword: password,
      newPassword: "Ab1!x",
    });
    expect(short.status).toBe(400);
    const wrongCurrent = await browser.request("POST", "/api/me/password", {
      currentPassword: "not-it-at-all",
      newPassword: "a much better passphrase",
    });
    expect(wrongCurrent.status).toBe(403);
    const next = "a much better passphrase with 64+ chars allowed ".repeat(2);
    broker.secrets.add(next);
    const ok = await browser.request("POST", "/api/me/password", {
      currentPassword: password,
      newPassword: next,
    });
    expect(ok.status).toBe(204);
    expect((await browser.request("GET", "/api/me")).status).toBe(200);
    expect((await other.request("GET", "/api/me")).status).toBe(401);
    expect((await broker.browser().login("changer@example.com", password)).status).toBe(401);
    expect((await broker.browser().login("changer@example.com", next)).status).toBe(200);
  });

  it("reports whether OIDC is enabled, and the password rule the API enforces", async () => {
    const r = await broker.browser().request("GET", "/api/auth/config");
    expect(r.body).toEqual({
      oidc: { enabled: false, loginUrl: null },
      password: { minChars: MIN_PASSWORD_CHARS, maxChars: MAX_PASSWORD_CHARS },
    });
  });

  it("accepts a new password exactly as long as the rule it states, and refuses one character less", async () => {
    const { body } = await broker
      .browser()
      .request<{ password: { minChars: number; maxChars: number } }>("GET", "/api/auth/config");
    const admin = await signedInAdmin(broker);
    // Long enough to be no common password, exactly at the limits.
    const at = (chars: number) => "qZ7#".repeat(Math.ceil(chars / 4)).slice(0, chars);
    const create = (email: string, password: string) =>
      admin.request("POST", "/api/admin/users", { email, password, role: "user" });
    expect((await create("rule-short@example.com", at(body.password.minChars - 1))).status).toBe(400);
    expect((await create("rule-min@example.com", at(body.password.minChars))).status).toBe(201);
    expect((await create("rule-max@example.com", at(body.password.maxChars))).status).toBe(201);
    expect((await create("rule-long@example.com", at(body.password.maxChars + 1))).status).toBe(400);
  });
});
