/** /api/auth: the public sign-in routes (config, password login, logout, OIDC). */
import { Hono } from "hono";
import { z } from "zod";
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from "../auth/cookie.ts";
import { dummyHash, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, verifyPassword } from "../auth/passwords.ts";
import { createSession, deleteSession, lookupSession } from "../auth/sessions.ts";
import type { AppEnv, Services } from "../context.ts";
import { ApiError } from "../errors.ts";
import { oidcRoutes } from "../oidc/routes.ts";
import { clientAddress } from "../security/client-address.ts";
import { validate } from "../security/validate.ts";
import { findUserByEmail, normaliseEmail, toPublicUser } from "../users/store.ts";

const Login = z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });

export function authRoutes(s: Services) {
  return (
    new Hono<AppEnv>()
      // The password rule travels with the sign-in options, so every form that sets a password states and checks
      // the rule the API enforces (auth/passwords.ts owns it) rather than a copy of it.
      .get("/config", (c) =>
        c.json({
          oidc: { enabled: s.oidc !== undefined, loginUrl: s.oidc ? "/api/auth/oidc/login" : null },
          password: { minChars: MIN_PASSWORD_CHARS, maxChars: MAX_PASSWORD_CHARS },
        }),
      )
      .post("/login", validate("json", Login), async (c) => {
        const { email, password } = c.req.valid("json");
        const account = normaliseEmail(email);
        const source = clientAddress(c, s.env.INTERJECT_TRUST_PROXY);
        const wait = await s.throttle.retryAfter(account, source);
        if (wait > 0) {
          s.audit.record({
            actorUserId: null,
            action: "login.throttled",
            detail: { email: account },
            source,
          });
          throw new ApiError(429, "rate_limited", `too many failed sign-ins; try again in ${wait} s`, wait);
        }
        const user = await findUserByEmail(s.db, account);
        // Unknown users and users without a password are checked against a dummy hash: same work, same answer.
        const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
        if (!user?.passwordHash || !ok || user.disabled) {
          await s.throttle.failed(account, source);
          s.audit.record({
            actorUserId: user?.id ?? null,
            action: "login.failed",
            detail: { email: account },
            source,
          });
          throw new ApiError(401, "invalid_credentials", "the email or the password is wrong");
        }
        await s.throttle.succeeded(account);
        const previous = readSessionCookie(c, s.cookie);
        if (previous) await deleteSession(s.db, previous);
        const token = await createSession(s.db, user.id, s.sessionPolicy);
        writeSessionCookie(c, s.cookie, token, Math.floor(s.sessionPolicy.absoluteMs / 1000));
        s.audit.record({ actorUserId: user.id, action: "login", detail: { method: "password" }, source });
        return c.json({ user: toPublicUser(user) }, 200);
      })
      .post("/logout", async (c) => {
        const token = readSessionCookie(c, s.cookie);
        if (token) {
          const user = await lookupSession(s.db, token, s.sessionPolicy);
          await deleteSession(s.db, token);
          // Signing out ends every session of this user, on every device, and their open agent connections.
          if (user) {
            await s.revoker.endSignIns(user.id, "signed_out");
            s.audit.record({ actorUserId: user.id, action: "logout" });
          }
        }
        clearSessionCookie(c, s.cookie);
        return c.body(null, 204);
      })
      .route("/oidc", oidcRoutes(s))
  );
}
