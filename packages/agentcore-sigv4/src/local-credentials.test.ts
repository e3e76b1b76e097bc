/** The shared local key pair: made once, 0600, and the same pair for concurrent callers. */
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCAL_CREDENTIALS_FILE, loadOrCreateLocalCredentials } from "./local-credentials.ts";

describe("loadOrCreateLocalCredentials", () => {
  it("creates one pair, mode 0600, shaped like an AWS key, and returns it again", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "sigv4-")), "nested", "data");
    const all = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateLocalCredentials(dir)));
    const first = all[0];
    for (const c of all) expect(c).toEqual(first);
    expect(first?.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(first?.secretAccessKey).toHaveLength(40);
    const file = join(dir, LOCAL_CREDENTIALS_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(first);
    expect(await loadOrCreateLocalCredentials(dir)).toEqual(first);
  });

  it("refuses a corrupt file instead of silently replacing it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sigv4-"));
    await writeFile(join(dir, LOCAL_CREDENTIALS_FILE), '{"accessKeyId": 1}');
    await expect(loadOrCreateLocalCredentials(dir)).rejects.toThrow(/delete it/);
  });
});
