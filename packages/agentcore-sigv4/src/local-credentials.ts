/**
 * The local AWS-style key pair shared by the broker (signs) and agentcore-local (verifies): made once from
 * the CSPRNG, written atomically with mode 0600 to <dataDir>/local-aws-credentials.json.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const LOCAL_CREDENTIALS_FILE = "local-aws-credentials.json";
const KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function makeAccessKeyId(): string {
  // AKIA + 16 base32 characters, the shape of a real long-term key id.
  const bytes = randomBytes(16);
  let id = "AKIA";
  for (const b of bytes) id += KEY_ID_ALPHABET[b % 32];
  return id;
}

function makeCredentials(): LocalCredentials {
  // 30 random bytes -> 40 base64 characters, like a real secret access key.
  return { accessKeyId: makeAccessKeyId(), secretAccessKey: randomBytes(30).toString("base64") };
}

function parse(text: string, file: string): LocalCredentials {
  const value: unknown = JSON.parse(text);
  if (
    typeof value === "object" &&
    value !== null &&
    "accessKeyId" in value &&
    "secretAccessKey" in value &&
    typeof value.accessKeyId === "string" &&
    typeof value.secretAccessKey === "string" &&
    value.accessKeyId.length > 0 &&
    value.secretAccessKey.length > 0
  ) {
    return { accessKeyId: value.accessKeyId, secretAccessKey: value.secretAccessKey };
  }
  throw new Error(`${file} is not a { accessKeyId, secretAccessKey } file; delete it to make a new pair`);
}

/** Reads the pair, creating it first if missing; concurrent callers all end up with the same pair. */
export async function loadOrCreateLocalCredentials(dataDir: string): Promise<LocalCredentials> {
  const file = join(dataDir, LOCAL_CREDENTIALS_FILE);
  try {
    return parse(await readFile(file, "utf8"), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(tmp, `${JSON.stringify(makeCredentials(), null, 2)}\n`, { mode: 0o600, flag: "wx" });
  try {
    // link() fails if the file exists, so the first writer wins and everybody reads its pair.
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    await rm(tmp, { force: true });
  }
  return parse(await readFile(file, "utf8"), file);
}
