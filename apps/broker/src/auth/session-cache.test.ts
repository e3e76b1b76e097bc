/**
 * The in-process caches of sessions and conversation owners keep the database off the minting path; these
 * tests hold them to "revocation takes effect at once in this process", over real HTTP, including when the
 * revocation lands while requests that missed the cache are still reading the database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  newUser,
  secretsInLogs,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";

let broker: TestBroker;
let admin: Browser;
beforeAll(async () => {
  broker = await startTestBroker();
  admin = await signedInAdmin(broker);
});
afterAll(async () => {
  expect(secretsInLogs(broker)).toEqual([]);
  await broker.stop();
});

const cookieOf = (b: Browser) => [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/** A request with a fixed cookie header, as a stolen or second-tab cookie would be sent. */
const withCookie = (cookie: string, method: string, path: string) =>
  fetch(`${broker.url}${path}`, { method, headers: { cookie, origin: broker.url } }).then((r) => r.status);

/** Requests that miss the cache (first use of a session) in flight while `revoke` runs. */
async function racing(cookie: string, path: string, method: string, revoke: () => Promise<unknown>) {
  const inFlight = Array.from({ length: 24 }, () => withCookie(cookie, method, path));
  await Promise.all([revoke(), ...inFlight]);
}

describe("session cache", () => {
  it("a logout ends the user's other sessions at once, even with their first lookups in flight", async () => {
    const { browser, password } = await newUser(broker, admin, "racer@example.com");
    for (let round = 0; round < 5; round++) {
      if (round > 0) expect((await browser.login("racer@example.com", password)).status).toBe(200);
      const other = broker.browser();
      expect((await other.login("racer@example.com", password)).status).toBe(200);
      const cookie = cookieOf(other);
      await racing(cookie, "/api/me", "GET", () => browser.request("POST", "/api/auth/logout"));
      for (let i = 0; i < 3; i++) expect(await withCookie(cookie, "GET", "/api/me")).toBe(401);
    }
  });

  it("disabling a user ends their sessions at once, even with lookups in flight", async () => {
    const { browser, id } = await newUser(broker, admin, "disabled-racer@example.com");
    const cookie = cookieOf(browser);
    await racing(cookie, "/api/me", "GET", () =>
      admin.request("PATCH", `/api/admin/users/${id}`, { disabled: true }),
    );
    expect(await withCookie(cookie, "GET", "/api/me")).toBe(401);
    expect(await withCookie(cookie, "GET", "/api/conversations")).toBe(401);
  });

  it("a role change applies to the next request, even with lookups in flight", async () => {
    const { browser, id } = await newUser(broker, admin, "promoted-racer@example.com", "admin");
    const cookie = cookieOf(browser);
    expect(await withCookie(cookie, "GET", "/api/admin/users")).toBe(200);
    for (const role of ["user", "admin", "user", "admin"] as const) {
      await racing(cookie, "/api/me", "GET", () =>
        admin.request("PATCH", `/api/admin/users/${id}`, { role }),
      );
      expect(await withCookie(cookie, "GET", "/api/admin/users")).toBe(role === "admin" ? 200 : 403);
    }
  });

  it("a password change ends the other sessions at once, even with lookups in flight", async () => {
    const { browser, password } = await newUser(broker, admin, "changer-racer@example.com");
    const other = broker.browser();
    expect((await other.login("changer-racer@example.com", password)).status).toBe(200);
    const otherCookie = cookieOf(other);
    const next = "another long passphrase for the race";
    broker.secrets.add(next);
    await racing(otherCookie, "/api/me", "GET", () =>
      browser.request("POST", "/api/me/password", { currentPassword: password, newPassword: next }),
    );
    expect(await withCookie(otherCookie, "GET", "/api/me")).toBe(401);
    expect((await browser.request("GET", "/api/me")).status).toBe(200);
  });
});

describe("conversation owner cache", () => {
  it("mints only for the owner, and not after the conversation is deleted, even with mints in flight", async () => {
    const { browser } = await newUser(broker, admin, "owner-racer@example.com");
    const { browser: other } = await newUser(broker, admin, "other-racer@example.com");
    const conv = (await browser.request<{ conversation: { id: string } }>("POST", "/api/conversations", {}))
      .body.conversation;
    const path = `/api/conversations/${conv.id}/connection`;
    // warm: the owner's mint caches the owner; someone else still gets 404 from the cached entry
    expect((await browser.request("POST", path)).status).toBe(200);
    expect((await other.request("POST", path)).status).toBe(404);
    const cookie = cookieOf(browser);
    await racing(cookie, path, "POST", () => browser.request("DELETE", `/api/conversations/${conv.id}`));
    expect(await withCookie(cookie, "POST", path)).toBe(404);
  });
});
