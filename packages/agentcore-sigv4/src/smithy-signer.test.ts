/** NodeSha256 gives node:crypto's bytes for every way smithy drives it: one or many updates, keys, reuse. */
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { keepRepeatedWork } from "./signer-memo.ts";
import { NodeSha256 } from "./smithy-signer.ts";

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const hex = (u: Uint8Array) => Buffer.from(u).toString("hex");
const sha = (...parts: string[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
};
const hmac = (key: string | Uint8Array, ...parts: string[]) => {
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p);
  return h.digest("hex");
};

async function digestOf(secret: string | Uint8Array | undefined, parts: string[]) {
  const h = new NodeSha256(secret);
  for (const p of parts) h.update(bytes(p));
  return hex(await h.digest());
}

describe("NodeSha256", () => {
  const cases: string[][] = [[], [""], ["GET\n/\n\nhost:x\n"], ["a", "bc"], ["a", "b", "c\u00e9"]];

  it.each(cases)("hashes %j like createHash", async (...parts) => {
    expect(await digestOf(undefined, parts)).toBe(sha(...parts));
  });

  it.each(cases)("HMACs %j like createHmac, with a string key (twice: memoised)", async (...parts) => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    expect(await digestOf(secret, parts)).toBe(hmac(secret, ...parts));
    expect(await digestOf(secret, parts)).toBe(hmac(secret, ...parts));
    expect(await digestOf(`${secret}x`, parts)).toBe(hmac(`${secret}x`, ...parts));
  });

  it.each(cases)("HMACs %j like createHmac, with a binary key", async (...parts) => {
    const key = new Uint8Array(Buffer.from("signing-key-bytes-0123456789abcdef"));
    expect(await digestOf(key, parts)).toBe(hmac(key, ...parts));
    const backing = Buffer.from("xxsigning-keyxx");
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, 11); // a view with an offset
    expect(await digestOf(view, parts)).toBe(hmac(Buffer.from("signing-key"), ...parts));
  });

  it("starts over after reset() and hands out arrays the caller may change", async () => {
    for (const secret of [undefined, "secret"]) {
      const h = new NodeSha256(secret);
      h.update(bytes("first"));
      const first = await h.digest();
      first.fill(0);
      h.reset();
      h.update(bytes("second"));
      const want = secret === undefined ? sha("second") : hmac(secret, "second");
      expect(hex(await h.digest())).toBe(want);
      expect(await digestOf(secret, ["first"])).toBe(
        secret === undefined ? sha("first") : hmac(secret, "first"),
      );
    }
  });
});

describe("keepRepeatedWork", () => {
  it("wraps all three smithy methods it memoises (a smithy release that renamed one would lose the speed silently)", () => {
    const signer = new SignatureV4({
      service: "bedrock-agentcore",
      region: "us-west-2",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      sha256: NodeSha256,
    });
    expect(keepRepeatedWork(signer)).toEqual(["getSigningKey", "formatDate", "getCanonicalPath"]);
  });
});
