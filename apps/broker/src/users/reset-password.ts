/**
 * Resetting an account's password, the one way both `pnpm admin reset-password` and the admin console do it:
 * a new generated password (returned to be shown once, never stored in the clear or logged), every sign-in
 * and agent connection of the account ended, and an audit entry naming who did it (null: the command line).
 */
import type { Audit } from "../audit/audit.ts";
import { generatePassword, hashPassword } from "../auth/passwords.ts";
import type { Db } from "../db/open.ts";
import type { Revoker } from "../revocation/revoker.ts";
import { type UserRow, updateUser } from "./store.ts";

export async function resetPassword(
  deps: { db: Db; revoker: Revoker; audit: Audit },
  user: UserRow,
  actor: { userId: string | null; via: "command line" | "admin console"; source?: string | undefined },
): Promise<string> {
  const password = generatePassword();
  await updateUser(deps.db, user.id, { passwordHash: await hashPassword(password) });
  await deps.revoker.endSignIns(user.id, "password_reset");
  deps.audit.record({
    actorUserId: actor.userId,
    action: "password.reset",
    targetType: "user",
    targetId: user.id,
    detail: { via: actor.via, email: user.email },
    ...(actor.source ? { source: actor.source } : {}),
  });
  return password;
}
