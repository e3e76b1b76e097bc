/**
 * First start: when there is no user at all, create an admin from INTERJECT_ADMIN_EMAIL and
 * INTERJECT_ADMIN_PASSWORD, or generate a password and print it once to stdout (never to the log).
 */
import { randomBytes } from "node:crypto";
import { count } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "./db/open.ts";
import { users } from "./db/schema.ts";
import type { Env } from "./env.ts";
import { EnvError } from "./env.ts";
import { ApiError } from "./errors.ts";
import { createUser } from "./users/store.ts";

export const DEFAULT_ADMIN_EMAIL = "admin@interject.local";

export async function bootstrapAdmin(
  db: Db,
  env: Env,
  log: Logger,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return;
  const email = env.INTERJECT_ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL;
  const generated = env.INTERJECT_ADMIN_PASSWORD === undefined;
  const password = env.INTERJECT_ADMIN_PASSWORD ?? randomBytes(18).toString("base64url");
  try {
    await createUser(db, { email, password, role: "admin", displayName: "Administrator" });
  } catch (err) {
    if (err instanceof ApiError && err.code === "weak_password") {
      throw new EnvError(`invalid broker settings:\n  INTERJECT_ADMIN_PASSWORD: ${err.message}`);
    }
    throw err;
  }
  log.info({ email, generatedPassword: generated }, "created the first administrator");
  if (generated)
    print(
      `Interject: first administrator ${email} created with password ${password} (shown once; change it after signing in)`,
    );
}
