/** The command line: targets, options and every refusal, each naming the argument. */
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./args.ts";
import { DEFAULT_SUITE_OPTIONS } from "./check.ts";
import { readEnv } from "./env.ts";
import { UsageError } from "./errors.ts";
import { runtimeTarget } from "./runtime-target.ts";
import { urlTarget } from "./target.ts";

describe("parseCliArgs", () => {
  it("takes a URL with the default options", () => {
    expect(parseCliArgs(["ws://127.0.0.1:8080/ws"])).toEqual({
      help: false,
      json: false,
      require: "basic",
      suite: DEFAULT_SUITE_OPTIONS,
      target: { kind: "url", url: "ws://127.0.0.1:8080/ws" },
    });
  });

  it("takes a runtime ARN with its endpoint, region and qualifier, and every option", () => {
    const options = parseCliArgs([
      "--arn",
      LOCAL_RUNTIME.arn,
      "--endpoint",
      "http://127.0.0.1:8790",
      "--qualifier",
      "DEFAULT",
      "--json",
      "--require",
      "full",
      "--prompt",
      "Hi",
      "--long-prompt",
      "Tell me everything",
      "--timeout",
      "1000",
      "--reply-timeout",
      "200",
    ]);
    expect(options).toEqual({
      help: false,
      json: true,
      require: "full",
      suite: { prompt: "Hi", longPrompt: "Tell me everything", answerTimeoutMs: 1000, replyTimeoutMs: 200 },
      target: {
        kind: "runtime",
        runtimeArn: LOCAL_RUNTIME.arn,
        endpoint: "http://127.0.0.1:8790",
        qualifier: "DEFAULT",
      },
    });
    expect(parseCliArgs(["--arn", LOCAL_RUNTIME.arn]).target).toEqual({
      kind: "runtime",
      runtimeArn: LOCAL_RUNTIME.arn,
      endpoint: "aws",
    });
  });

  it("takes a registered agent's name, with or without an endpoint of its own", () => {
    expect(parseCliArgs(["--agent", "articles", "--require", "basic"]).target).toEqual({
      kind: "agent",
      name: "articles",
    });
    expect(parseCliArgs(["--agent", "articles", "--endpoint", "http://127.0.0.1:8790"]).target).toEqual({
      kind: "agent",
      name: "articles",
      endpoint: "http://127.0.0.1:8790",
    });
  });

  it("asks for nothing more with --help", () => {
    expect(parseCliArgs(["--help"])).toMatchObject({ help: true, target: null });
  });

  it.each([
    [[], /give the agent's ws:\/\/ URL/],
    [["ws://a/ws", "ws://b/ws"], /one URL only/],
    [["ws://a/ws", "--arn", LOCAL_RUNTIME.arn], /one target/],
    [["--agent", "articles", "--arn", LOCAL_RUNTIME.arn], /one target/],
    [["ws://a/ws", "--agent", "articles"], /one target/],
    [["--agent", " "], /--agent must name a registered agent/],
    [["--agent", "articles", "--region", "eu-west-1"], /--region comes from the registry/],
    [["--agent", "articles", "--qualifier", "DEFAULT"], /--qualifier comes from the registry/],
    [["ws://a/ws", "--qualifier", "DEFAULT"], /--qualifier goes with --arn/],
    [["ws://a/ws", "--require", "expert"], /--require must be basic or full/],
    [["ws://a/ws", "--timeout", "soon"], /--timeout must be a whole number/],
    [["ws://a/ws", "--reply-timeout", "0"], /--reply-timeout must be a whole number/],
    [["ws://a/ws", "--prompt", " "], /--prompt must not be empty/],
    [["ws://a/ws", "--bogus"], /Unknown option '--bogus'/],
  ])("refuses %j", (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(UsageError);
    expect(() => parseCliArgs(args)).toThrow(message);
  });
});

describe("targets", () => {
  it("asks a URL target's agent for the session and the full trace level, and finds its /ping", async () => {
    const target = urlTarget("ws://127.0.0.1:8080/ws");
    expect(target.pingUrl).toBe("http://127.0.0.1:8080/ping");
    const connection = await target.connection("conformance-00000000-0000-4000-8000-000000000000");
    expect(connection.headers).toEqual({
      "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": "conformance-00000000-0000-4000-8000-000000000000",
    });
    expect(
      new URL(connection.url).searchParams.get("X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level"),
    ).toBe("full");
  });

  it("keeps a URL's own trace level, replaces its session id and never shows its query", async () => {
    const target = urlTarget(
      "wss://agent.example/ws?X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level=milestones&X-Amzn-Bedrock-AgentCore-Runtime-Session-Id=old",
    );
    expect(target.description).toBe("wss://agent.example/ws");
    expect(target.pingUrl).toBe("https://agent.example/ping");
    const url = new URL((await target.connection("new-session-id-0000000000000000000000")).url);
    expect(url.searchParams.get("X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level")).toBe("milestones");
    expect(url.searchParams.get("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id")).toBe(
      "new-session-id-0000000000000000000000",
    );
  });

  it.each([
    ["http://127.0.0.1:8080/ws", /ws:\/\/ or wss:\/\//],
    ["not a url", /is not a URL/],
    ["wss://x/runtimes/a/ws?X-Amz-Signature=abc", /use --arn/],
  ])("refuses the URL %s", (url, message) => {
    expect(() => urlTarget(url)).toThrow(message);
  });

  it("signs a presigned URL per connection for a runtime, never showing it", async () => {
    const env = readEnv({ AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret" });
    const target = await runtimeTarget(
      { runtimeArn: LOCAL_RUNTIME.arn, endpoint: "http://127.0.0.1:8790" },
      env,
    );
    expect(target.description).toBe(`runtime ${LOCAL_RUNTIME.arn} via http://127.0.0.1:8790`);
    expect(target.pingUrl).toBeNull();
    const sessionId = "conformance-00000000-0000-4000-8000-000000000000";
    const url = new URL((await target.connection(sessionId)).url);
    expect(url.protocol).toBe("ws:");
    expect(url.pathname).toBe(`/runtimes/${encodeURIComponent(LOCAL_RUNTIME.arn)}/ws`);
    expect(url.searchParams.get("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id")).toBe(sessionId);
    expect(url.searchParams.get("X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level")).toBe("full");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [{ runtimeArn: "not-an-arn", endpoint: "http://127.0.0.1:8790" }, /runtimeArn/],
    [{ runtimeArn: LOCAL_RUNTIME.arn, endpoint: "ftp://x" }, /endpoint/],
    [{ runtimeArn: LOCAL_RUNTIME.arn, endpoint: "http://127.0.0.1:8790", region: "eu-west-1" }, /region/],
    [
      { runtimeArn: LOCAL_RUNTIME.arn, endpoint: "http://127.0.0.1:8790", qualifier: "no spaces" },
      /qualifier/,
    ],
  ])("refuses the runtime %j as a usage error", async (options, message) => {
    const env = readEnv({ AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret" });
    await expect(runtimeTarget(options, env)).rejects.toThrow(UsageError);
    await expect(runtimeTarget(options, env)).rejects.toThrow(message);
  });
});
