/** Entry point of `pnpm admin <command>` (scripts/admin.sh); see admin.ts. */
import { runAdmin } from "./admin.ts";

process.exitCode = await runAdmin(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
