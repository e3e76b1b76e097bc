/** Settings: defaults, coercion, and errors that name the variable. */

import { SettingsError } from "@interject/settings";
import { describe, expect, it } from "vitest";
import { readEnv } from "./env.ts";

describe("readEnv", () => {
  it("applies the documented defaults", () => {
    const env = readEnv({});
    expect(env).toMatchObject({
      PORT: 8080,
      HOST: "0.0.0.0",
      AGENT_MODEL: "offline",
      AGENT_OFFLINE_DELAY_MS: 35,
      AGENT_CHUNK_INTERVAL_MS: 100,
      AGENT_SESSION_IDLE_SECONDS: 900,
      AGENT_APPROVAL_TIMEOUT_SECONDS: 120,
      AGENT_OUTBOUND_HARD_CAP_BYTES: 1024 * 1024,
    });
    expect(env.BROKER_INGEST_URL).toBeUndefined();
    expect(env.AGENT_KNOWLEDGE_DIR).toMatch(/docs$/);
  });

  it("names the variable that is wrong", () => {
    const bad: Array<[Record<string, string>, string]> = [
      [{ PORT: "eighty" }, "PORT"],
      [{ AGENT_MODEL: "gpt" }, "AGENT_MODEL"],
      [{ BROKER_INGEST_URL: "http://127.0.0.1:3000" }, "BROKER_INGEST_TOKEN"],
      [{ BROKER_INGEST_URL: "not a url", BROKER_INGEST_TOKEN: "t" }, "BROKER_INGEST_URL"],
      [
        { AGENT_OUTBOUND_SOFT_LIMIT_BYTES: "70000", AGENT_OUTBOUND_HARD_CAP_BYTES: "65536" },
        "AGENT_OUTBOUND_HARD_CAP_BYTES",
      ],
    ];
    for (const [source, variable] of bad) {
      expect(() => readEnv(source)).toThrow(SettingsError);
      expect(() => readEnv(source)).toThrow(new RegExp(`^invalid agent settings:\n  ${variable}: `));
    }
  });

  it("treats empty strings as unset for optional settings", () => {
    expect(readEnv({ BROKER_INGEST_URL: "", BROKER_INGEST_TOKEN: " " }).BROKER_INGEST_URL).toBeUndefined();
  });
});
