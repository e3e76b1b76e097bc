/**
 * `pnpm conformance`: runs the suite against one agent, prints each check as it finishes and the level reached
 * on the last line (or, with --json, one JSON document), and exits 0 when that level is at least --require,
 * 1 when not, 2 for bad arguments or settings.
 */
import { levelAtLeast } from "@interject/protocol";
import { parseCliArgs, USAGE } from "./args.ts";
import { EnvError, readEnv } from "./env.ts";
import { AgentLookupError, UsageError } from "./errors.ts";
import { formatCheck, formatJson, formatSummary } from "./report.ts";
import { resolveTarget } from "./resolve-target.ts";
import { runConformance } from "./run-suite.ts";

async function main(): Promise<number> {
  const options = parseCliArgs(process.argv.slice(2));
  if (options.help || options.target === null) {
    console.log(USAGE);
    return 0;
  }
  const target = await resolveTarget(options.target, readEnv());
  if (!options.json) console.log(`Interject conformance: ${target.description}`);
  const report = await runConformance(target, {
    ...options.suite,
    ...(options.json ? {} : { onResult: (result) => console.log(formatCheck(result)) }),
  });
  console.log(options.json ? formatJson(report) : formatSummary(report));
  return report.level !== "none" && levelAtLeast(report.level, options.require) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AgentLookupError) {
      console.error(`conformance: ${error.message}`);
      process.exit(2);
    }
    if (error instanceof UsageError || error instanceof EnvError) {
      console.error(`conformance: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
