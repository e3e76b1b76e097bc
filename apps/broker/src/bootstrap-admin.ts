/**
 * Every start says, on stdout (never in the log), how to sign in. The first start (no user at all) creates
 * an admin from INTERJECT_ADMIN_EMAIL and INTERJECT_ADMIN_PASSWORD, or generates the password and prints it,
 * that once. A later start knows no password: it names an administrator and the command that sets a new
 * password (`pnpm admin reset-password <email>`, see src/cli/admin.ts).
 */
import { and, asc, count, eq } from "drizzle-orm";
import type { Logger } from "pino";
import { generatePassword } from "./auth/passwords.ts";
import type { Db } from "./db/open.ts";
import { users } from "./db/schema.ts";
import type { Env } from "./env.ts";
import { SettingsError } from "./env.ts";
import { ApiError } from "./errors.ts";
import { createUser } from "./users/store.ts";

export const DEFAULT_ADMIN_EMAIL = "admin@interject.local";
export const RESET_PASSWORD_COMMAND = "pnpm admin reset-password";

export async function bootstrapAdmin(
  db: Db,
  env: Env,
  log: Logger,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) {
    const [admin] = await db
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.disabled, false)))
      .orderBy(asc(users.createdAt))
      .limit(1);
    // The embedded database admits one process: the command needs Interject stopped there.
    const reset = env.DATABASE_URL
      ? `To set a new one: ${RESET_PASSWORD_COMMAND} <email> (with this DATABASE_URL)`
      : `To set a new one, stop Interject (Ctrl-C) and run: ${RESET_PASSWORD_COMMAND} <email>`;
    print(
      `Interject: sign in as ${admin ? `the administrator ${admin.email}` : "an existing account"} or any account; ` +
        `passwords are shown only when first made. ${reset}`,
    );
    return;
  }
  const email = env.INTERJECT_ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL;
  const generated = env.INTERJECT_ADMIN_PASSWORD === undefined;
  const password = env.INTERJECT_ADMIN_PASSWORD ?? generatePassword();
  try {
    await createUser(db, { email, password, role: "admin", displayName: "Administrator" });
  } catch (err) {
    if (err instanceof ApiError && err.code === "weak_password") {
      throw new SettingsError("broker", [{ variable: "INTERJECT_ADMIN_PASSWORD", message: err.message }]);
    }
    throw err;
  }
  log.info({ email, generatedPassword: generated }, "created the first administrator");
  print(
    generated
      ? `Interject: first administrator ${email} created with password ${password} (shown once; change it after signing in)`
      : `Interject: first administrator ${email} created with the password in INTERJECT_ADMIN_PASSWORD`,
  );
}
