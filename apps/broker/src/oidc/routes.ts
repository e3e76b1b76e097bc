/**
 * /api/auth/oidc: GET /login redirects to the provider; GET /callback finishes, finds or creates the user
 * (linked by issuer + subject; an existing local account is linked only when the provider vouches for the
 * email), sets the session cookie and redirects to /. Failures redirect to /?login_error=oidc.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { writeSessionCookie } from "../auth/cookie.ts";
import { createSession } from "../auth/sessions.ts";
import type { AppEnv, Services } from "../context.ts";
import { users } from "../db/schema.ts";
import { ApiError } from "../errors.ts";
import { clientAddress } from "../security/client-address.ts";
import { findUserByEmail, normaliseEmail, type UserRow, updateUser } from "../users/store.ts";
import type { OidcIdentity } from "./oidc.ts";

async function findOrCreate(s: Services, id: OidcIdentity): Promise<UserRow> {
  const [bySubject] = await s.db.select().from(users).where(eq(users.oidcSubject, id.subject)).limit(1);
  const role = id.admin ? "admin" : "user";
  if (bySubject) {
    if (bySubject.role === role) return bySubject;
    const updated = await updateUser(s.db, bySubject.id, { role });
    // The provider no longer grants admin: connections signed for the full trace end.
    if (role === "user") await s.revoker.stopConnections(bySubject.id, "demoted");
    return updated;
  }
  const email = normaliseEmail(id.email ?? `${randomUUID()}@oidc.invalid`);
  const byEmail = await findUserByEmail(s.db, email);
  if (byEmail) {
    if (!id.emailVerified || byEmail.oidcSubject) throw new Error("email belongs to another account");
    return updateUser(s.db, byEmail.id, { oidcSubject: id.subject, role });
  }
  const now = new Date();
  const [row] = await s.db
    .insert(users)
    .values({
      id: randomUUID(),
      email,
      displayName: id.name ?? email.split("@")[0] ?? email,
      role,
      passwordHash: null,
      oidcSubject: id.subject,
      disabled: false,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error("could not create the user");
  return row;
}

export function oidcRoutes(s: Services) {
  const stateCookie = s.cookie.secure ? "__Host-interject_oidc" : "interject_oidc";
  return new Hono<AppEnv>()
    .get("/login", async (c) => {
      if (!s.oidc) throw new ApiError(404, "oidc_disabled", "single sign-on is not configured");
      const { url, state } = await s.oidc.start();
      setCookie(c, stateCookie, state, {
        path: "/",
        secure: s.cookie.secure,
        httpOnly: true,
        sameSite: "Lax",
        maxAge: 600,
      });
      return c.redirect(url, 302);
    })
    .get("/callback", async (c) => {
      if (!s.oidc) throw new ApiError(404, "oidc_disabled", "single sign-on is not configured");
      const state = getCookie(c, stateCookie);
      deleteCookie(c, stateCookie, { path: "/", secure: s.cookie.secure });
      const source = clientAddress(c, s.env.INTERJECT_TRUST_PROXY);
      try {
        if (!state || state !== c.req.query("state")) throw new Error("state does not match this browser");
        const identity = await s.oidc.finish(new URL(c.req.url).search, state);
        const user = await findOrCreate(s, identity);
        if (user.disabled) throw new Error("account disabled");
        const token = await createSession(s.db, user.id, s.sessionPolicy);
        writeSessionCookie(c, s.cookie, token, Math.floor(s.sessionPolicy.absoluteMs / 1000));
        s.audit.record({ actorUserId: user.id, action: "login", detail: { method: "oidc" }, source });
        return c.redirect("/", 302);
      } catch (err) {
        s.log.warn({ reason: (err as Error).message }, "oidc sign-in failed");
        s.audit.record({ actorUserId: null, action: "login.failed", detail: { method: "oidc" }, source });
        return c.redirect("/?login_error=oidc", 302);
      }
    });
}
