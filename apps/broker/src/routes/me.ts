/** /api/me: who is signed in, and changing one's own password (which ends every other session). */
import { Hono } from "hono";
import { z } from "zod";
import { writeSessionCookie } from "../auth/cookie.ts";
import { requireUser } from "../auth/middleware.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "../auth/passwords.ts";
import { createSession, deleteUserSessions } from "../auth/sessions.ts";
import type { AppEnv, Services } from "../context.ts";
import { ApiError } from "../errors.ts";
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
      const user = await findUserById(s.db, c.var.user.id);
      if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new ApiError(403, "invalid_credentials", "the current password is wrong");
      }
      checkPasswordPolicy(newPassword, user.email);
      await updateUser(s.db, user.id, { passwordHash: await hashPassword(newPassword) });
      await deleteUserSessions(s.db, user.id);
      const token = await createSession(s.db, user.id, s.sessionPolicy);
      writeSessionCookie(c, s.cookie, token, Math.floor(s.sessionPolicy.absoluteMs / 1000));
      s.audit.record({
        actorUserId: user.id,
        action: "password.changed",
        targetType: "user",
        targetId: user.id,
      });
      return c.body(null, 204);
    });
}
