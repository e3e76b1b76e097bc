/**
 * /api/me: who is signed in, and changing one's own password. A change ends every other sign-in and the
 * user's agent connections; a wrong current password is throttled and audited exactly like a failed sign-in
 * (the same per-account and per-source counters: it is the same guess).
 */
import { Hono } from "hono";
import { z } from "zod";
import { writeSessionCookie } from "../auth/cookie.ts";
import { requireUser } from "../auth/middleware.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "../auth/passwords.ts";
import { createSession } from "../auth/sessions.ts";
import type { AppEnv, Services } from "../context.ts";
import { ApiError } from "../errors.ts";
import { clientAddress } from "../security/client-address.ts";
import { validate } from "../security/validate.ts";
import { findUserById, toPublicUser, updateUser } from "../users/store.ts";

const ChangePassword = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

export function meRoutes(s: Services) {
  return new Hono<AppEnv>()
    .use(requireUser(s))
    .get("/", (c) => c.json({ user: toPublicUser(c.var.user) }))
    .post("/password", validate("json", ChangePassword), async (c) => {
      const { currentPassword, newPassword } = c.req.valid("json");
      const me = c.var.user;
      const source = clientAddress(c, s.env.INTERJECT_TRUST_PROXY);
      const audit = (action: string) =>
        s.audit.record({ actorUserId: me.id, action, targetType: "user", targetId: me.id, source });
      const wait = await s.throttle.retryAfter(me.email, source);
      if (wait > 0) {
        audit("password.change.throttled");
        throw new ApiError(429, "rate_limited", `too many wrong passwords; try again in ${wait} s`, wait);
      }
      const user = await findUserById(s.db, me.id);
      if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
        await s.throttle.failed(me.email, source);
        audit("password.change.failed");
        throw new ApiError(403, "invalid_credentials", "the current password is wrong");
      }
      await s.throttle.succeeded(me.email);
      checkPasswordPolicy(newPassword, user.email);
      await updateUser(s.db, user.id, { passwordHash: await hashPassword(newPassword) });
      await s.revoker.endSignIns(user.id, "password_changed");
      const token = await createSession(s.db, user.id, s.sessionPolicy);
      writeSessionCookie(c, s.cookie, token, Math.floor(s.sessionPolicy.absoluteMs / 1000));
      audit("password.changed");
      return c.body(null, 204);
    });
}
