/**
 * The admin command's work (entry point: admin-main.ts, run by `pnpm admin`): account administration from
 * a shell, for when no one can sign in. On the embedded database (PGlite under INTERJECT_DATA_DIR) Interject
 * must be stopped first: one process at a time may open it. On PostgreSQL (DATABASE_URL) it runs beside live
 * brokers, which hear of the change through the database at once.
 *
 *   reset-password <email>   sets a new generated password, printed once; ends that account's sign-ins and
 *                            agent connections (StopRuntimeSession), and audit-logs the reset.
 *
 * Exit codes: 0 done, 1 refused (unknown email, database in use or missing), 2 usage or settings.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Logger, pino } from "pino";
import { agentCoreCredentials } from "../agentcore/credentials.ts";
import { RuntimeSessionStopper } from "../agentcore/session-stopper.ts";
import { Audit } from "../audit/audit.ts";
import { DatabaseInUseError } from "../db/data-dir-lock.ts";
import { type Database, openDatabase } from "../db/open.ts";
import { type Env, loadAdminEnv, SettingsError } from "../env.ts";
import { createLogger } from "../logger.ts";
import { Revoker } from "../revocation/revoker.ts";
import { resetPassword as resetUserPassword } from "../users/reset-password.ts";
import { findUserByEmail, normaliseEmail } from "../users/store.ts";

const USAGE = "usage: pnpm admin reset-password <email>";

/** A refusal the person at the terminal can act on: printed as is, exit code 1. */
class Refusal extends Error {}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

async function open(env: Env, log: Logger): Promise<Database> {
  if (env.DATABASE_URL) return openDatabase({ databaseUrl: env.DATABASE_URL, log });
  const pgliteDir = join(resolve(env.INTERJECT_DATA_DIR), "broker-db");
  if (!existsSync(pgliteDir)) {
    throw new Refusal(
      `there is no Interject database in ${resolve(env.INTERJECT_DATA_DIR)}: start Interject once (pnpm start), ` +
        "or point INTERJECT_DATA_DIR (or DATABASE_URL) at the one to change",
    );
  }
  try {
    return await openDatabase({ pgliteDir, log });
  } catch (err) {
    if (err instanceof DatabaseInUseError) throw new Refusal(err.message);
    throw err;
  }
}

async function resetPassword(env: Env, email: string, io: Output, log: Logger): Promise<void> {
  const database = await open(env, log);
  try {
    const user = await findUserByEmail(database.db, email);
    if (!user) throw new Refusal(`no account has the email ${normaliseEmail(email)}`);
    const stopper = new RuntimeSessionStopper(env, await agentCoreCredentials(env), log);
    const audit = new Audit(database.db, log, database.pglite);
    let password: string;
    try {
      password = await resetUserPassword(
        { db: database.db, revoker: new Revoker(database.db, stopper), audit },
        user,
        { userId: null, via: "command line" },
      );
    } finally {
      stopper.close();
    }
    await audit.flush();
    io.out(`New password for ${user.email}: ${password}`);
    io.out("It is shown only this once. Every sign-in of this account has ended.");
    if (user.disabled)
      io.out("This account is disabled: an administrator must enable it before it can sign in.");
  } finally {
    await database.close();
  }
}

/** Runs one command; resolves to the exit code. */
export async function runAdmin(
  args: readonly string[],
  io: Output,
  source?: Record<string, string | undefined>,
) {
  const [command, email, ...rest] = args;
  if (command !== "reset-password" || !email || rest.length > 0) {
    io.err(USAGE);
    return 2;
  }
  let env: Env;
  try {
    env = loadAdminEnv(source);
  } catch (err) {
    if (err instanceof SettingsError) {
      io.err(err.message);
      return 2;
    }
    throw err;
  }
  // Logs (failed stops, say) go to stderr, so stdout carries only what the command says.
  const log = createLogger(env.LOG_LEVEL, pino.destination(2));
  try {
    await resetPassword(env, email, io, log);
    return 0;
  } catch (err) {
    if (err instanceof Refusal) {
      io.err(`interject admin: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
