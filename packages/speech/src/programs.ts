/**
 * The Debian programs and data the offline pipeline runs, found before they are needed, so a missing one
 * fails at once with the package to install rather than as a spawn error in the middle of a conversation.
 * espeak-ng is GPL-3.0: it always runs as a separate process and is never bundled.
 */
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { MissingSpeechProgramError } from "./errors.ts";

export const ESPEAK_PROGRAM = { program: "espeak-ng", debianPackage: "espeak-ng" } as const;
export const POCKETSPHINX_PROGRAM = {
  program: "pocketsphinx_continuous",
  debianPackage: "pocketsphinx",
} as const;
/** The US English acoustic model and dictionary, from the Debian package pocketsphinx-en-us. */
export const POCKETSPHINX_MODEL = {
  acousticModel: "/usr/share/pocketsphinx/model/en-us/en-us",
  dictionary: "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict",
  debianPackage: "pocketsphinx-en-us",
} as const;

/**
 * The absolute path of `program` (a bare name is looked up on PATH), or MissingSpeechProgramError naming
 * `debianPackage`.
 */
export function findProgram(
  program: string,
  debianPackage: string,
  searchPath = process.env.PATH ?? "",
): string {
  const candidates = program.includes("/")
    ? [program]
    : searchPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, program));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  throw new MissingSpeechProgramError(program, debianPackage);
}

/** Throws MissingSpeechProgramError naming `debianPackage` when `file` cannot be read. */
export function requireFile(file: string, debianPackage: string): string {
  try {
    accessSync(file, constants.R_OK);
    return file;
  } catch {
    throw new MissingSpeechProgramError(file, debianPackage);
  }
}
