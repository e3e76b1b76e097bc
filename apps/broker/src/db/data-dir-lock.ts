/**
 * One process at a time on the embedded database: PGlite has no lock of its own (it writes a postmaster.pid
 * with a fake pid and opens a directory another process is using), and two writers would corrupt it. The
 * broker and the admin command take `<data dir>/broker-db.lock` (proper-lockfile: a directory whose mtime
 * the holder refreshes every 2 s, and which counts as abandoned once 6 s old, so a crash never leaves it
 * locked for long).
 */
import { lock } from "proper-lockfile";

const STALE_MS = 6_000;
const UPDATE_MS = 2_000;

export class DatabaseInUseError extends Error {
  override name = "DatabaseInUseError";
  constructor(readonly dir: string) {
    super(`Interject is running on this data directory (${dir}); stop it (Ctrl-C) and run the command again`);
  }
}

/**
 * Takes the lock on `pgliteDir`, waiting up to a little more than the stale time for one left by a process
 * that just died (a restart after a crash then succeeds). Resolves to the release function.
 */
export async function lockDatabaseDir(
  pgliteDir: string,
  onCompromised: (err: Error) => void,
): Promise<() => Promise<void>> {
  try {
    return await lock(pgliteDir, {
      realpath: false,
      stale: STALE_MS,
      update: UPDATE_MS,
      retries: { retries: 8, factor: 1, minTimeout: 1_000, maxTimeout: 1_000 },
      onCompromised,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOCKED") throw new DatabaseInUseError(pgliteDir);
    throw err;
  }
}
