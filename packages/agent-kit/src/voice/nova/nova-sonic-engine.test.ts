/**
 * Amazon Nova Sonic as the agent's voice, against a local HTTP/2 server speaking Bedrock's bidirectional
 * stream through the real AWS SDK client (HTTP/2 handler, SigV4 event signing).
 *
 * LABEL: Nova Sonic cannot be reached from our machines. Every output sequence below is shaped as the Amazon
 * Nova user guide documents it ("Handling output events with the bidirectional API": completionStart; the
 * user's transcript FINAL; toolUse; the assistant's SPECULATIVE text; audioOutput; the barge-in notice
 * `{ "interrupted" : true }`; the assistant's FINAL text; usageEvent; completionEnd). None was recorded from
 * the service; a change in the real service's sequences would not be caught here.
 */
import type { Trace } from "@interject/protocol";
import { spoken } from "@interject/speech/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../logger.ts";
import { startAgent, TestClient, until, VoiceTestClient } from "../../testing/index.ts";
import { documentedAnswer, type NovaCall, startNovaSonicServer } from "../../testing/nova-sonic-server.ts";
import { calculatorTool } from "../../tools/calculator.ts";
import { ToolRegistry } from "../../tools/tool.ts";
import { NovaSonicVoiceEngine } from "./nova-sonic-engine.ts";

const saved = { ...process.env };
beforeAll(() => {
  // The SDK's default credential chain reads these; the local server checks only that requests are signed.
  process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
  process.env.AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});
afterAll(() => {
  process.env = saved;
});

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const ANSWER = "It is ten o'clock. Anything else I can help with today?";
const ids = { sessionId: "s-1", promptName: "p-1", completionId: "c-1" };

async function novaAgent(script: (call: NovaCall, index: number) => Promise<void> | void) {
  const nova = await startNovaSonicServer(script);
  stops.push(nova.close);
  const { agent, wsBase } = await startAgent({
    AGENT_VOICE: "nova-sonic",
    AGENT_NOVA_SONIC_ENDPOINT: nova.url,
    AGENT_NOVA_SONIC_REGION: "us-east-1",
  });
  stops.push(() => agent.close());
  const client = await TestClient.connect(wsBase, {
    sessionId: `nova-test-session-${process.pid}-${Date.now()}-00000000`,
    query: "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level=full",
  });
  client.send({ type: "resume", afterSeq: 0 });
  const voice = new VoiceTestClient(client, 16_000);
  voice.clientBargeIn = false;
  stops.push(() => {
    voice.close();
    client.close();
  });
  return { nova, client, voice };
}

/** Waits until the call has its interactive audio block open (the setup is done). */
const ready = (call: NovaCall) =>
  call.waitFor((names) => names.includes("audioInput") || names.length >= 4, "the stream set up");

function tracesOf(client: TestClient): Trace[] {
  return client.of("trace").map((m) => m.trace);
}

describe("Nova Sonic (event sequences shaped as the user guide documents them, not recorded)", () => {
  it("opens the stream in the documented order, signed, and answers a spoken turn as an ordinary turn", async () => {
    const audio = spoken(ANSWER);
    const { nova, client, voice } = await novaAgent(async (call) => {
      await ready(call);
      for (const event of documentedAnswer({ user: "what time is it", assistant: ANSWER, audio, ids })) {
        call.send(event);
      }
    });
    expect(await voice.start()).toMatchObject({ model: "amazon.nova-2-sonic-v1:0" });
    const call = nova.calls[0];
    if (!call) throw new Error("no stream");
    expect(call.path).toBe("/model/amazon.nova-2-sonic-v1%3A0/invoke-with-bidirectional-stream");
    expect(call.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
    await call.waitFor((names) => names.length >= 6, "setup events");
    expect(call.names.slice(0, 6)).toEqual([
      "sessionStart",
      "promptStart",
      "contentStart",
      "textInput",
      "contentEnd",
      "contentStart",
    ]);
    expect(call.signed).toBe(true);
    const promptStart = call.of("promptStart")[0] as {
      audioOutputConfiguration: { sampleRateHertz: number; voiceId: string };
      toolConfiguration: { tools: Array<{ toolSpec: { name: string; inputSchema: { json: string } } }> };
    };
    expect(promptStart.audioOutputConfiguration).toMatchObject({
      sampleRateHertz: 16_000,
      voiceId: "matthew",
    });
    expect(promptStart.toolConfiguration.tools.map((t) => t.toolSpec.name)).toEqual(["calculator", "clock"]);
    expect(JSON.parse(promptStart.toolConfiguration.tools[0]?.toolSpec.inputSchema.json ?? "")).toMatchObject(
      {
        type: "object",
      },
    );
    expect(call.of("contentStart")[0]).toMatchObject({ role: "SYSTEM", type: "TEXT" });
    expect(call.of("contentStart")[1]).toMatchObject({ role: "USER", type: "AUDIO", interactive: true });

    const turn = await client.waitFor("turn");
    expect(turn.prompt).toBe("what time is it");
    const complete = await client.waitFor("complete");
    expect(complete.fullResponse).toBe(ANSWER);
    expect(voice.answers[0]).toMatchObject({ ended: "finished" });
    expect(voice.answers[0]?.receivedSamples).toBe(audio.length);
    expect(client.of("bidi_usage")[0]).toMatchObject({
      inputTokens: 40,
      outputTokens: 102,
      totalTokens: 142,
    });
    const finalText = client.of("bidi_transcript_stream").find((m) => m.role === "assistant" && m.is_final);
    expect(finalText?.text).toBe(ANSWER);
    const model = tracesOf(client).find((t) => t.kind === "model_call");
    expect(model).toMatchObject({ provider: "nova-sonic", model: "amazon.nova-2-sonic-v1:0" });
    expect(tracesOf(client).some((t) => t.kind === "voice" && t.stage === "text_to_speech")).toBe(true);
  });

  it("runs the agent's tools for Nova, with traces, and sends the result back as a TOOL block", async () => {
    const audio = spoken("Six times seven is forty two.");
    const { nova, client, voice } = await novaAgent(async (call) => {
      await ready(call);
      const answer = documentedAnswer({
        user: "what is six times seven",
        assistant: "Six times seven is 42.",
        audio,
        ids,
      });
      const [completionStart, ...rest] = answer;
      call.send(completionStart ?? {});
      for (const event of rest.slice(0, 3)) call.send(event); // the user's transcript
      call.send({
        contentStart: {
          ...ids,
          contentId: "tool-1",
          type: "TOOL",
          role: "TOOL",
          toolUseOutputConfiguration: { mediaType: "application/json" },
        },
      });
      call.send({
        toolUse: {
          ...ids,
          contentId: "tool-1",
          content: '{"expression":"6 * 7"}',
          toolName: "calculator",
          toolUseId: "use-1",
        },
      });
      call.send({ contentEnd: { ...ids, contentId: "tool-1", stopReason: "TOOL_USE", type: "TOOL" } });
      await call.waitFor((names) => names.includes("toolResult"), "the tool result");
      for (const event of rest.slice(3)) call.send(event);
    });
    await voice.start();
    await client.waitFor("complete");
    const call = nova.calls[0];
    const resultStart = call?.of("contentStart").find((c) => c.type === "TOOL");
    expect(resultStart).toMatchObject({
      role: "TOOL",
      toolResultInputConfiguration: { toolUseId: "use-1", type: "TEXT" },
    });
    expect(call?.of("toolResult")[0]?.content).toBe("6 * 7 = 42");
    const traces = tracesOf(client);
    expect(traces.find((t) => t.kind === "tool_call")).toMatchObject({ name: "calculator", callId: "use-1" });
    expect(traces.find((t) => t.kind === "tool_result")).toMatchObject({
      output: "6 * 7 = 42",
      isError: false,
    });
  });

  it("maps Nova's barge-in to bidi_interruption, and the turn keeps what the client played", async () => {
    const audio = spoken(`${ANSWER} ${ANSWER}`);
    let call: NovaCall | undefined;
    const { client, voice } = await novaAgent(async (c) => {
      call = c;
      await ready(c);
      const events = documentedAnswer({ user: "what time is it", assistant: ANSWER, audio, ids });
      const audioEnd = events.findIndex(
        (e) => "contentEnd" in e && (e.contentEnd as { type?: string }).type === "AUDIO",
      );
      for (const event of events.slice(0, audioEnd)) c.send(event);
    });
    await voice.start();
    const turn = await client.waitFor("turn");
    await until(() => (voice.answers[0]?.playedSamples ?? 0) > 16_000, "a second played");
    call?.send({ textOutput: { ...ids, contentId: "text-1", content: '{ "interrupted" : true }' } });
    call?.send({ contentEnd: { ...ids, contentId: "audio-1", stopReason: "INTERRUPTED", type: "AUDIO" } });
    const interrupted = await client.waitFor("interrupted");
    expect(interrupted).toMatchObject({ turnId: turn.turnId, reason: "barge_in" });
    expect(ANSWER.startsWith(interrupted.partialResponse)).toBe(true);
    expect(interrupted.partialResponse.length).toBeLessThan(ANSWER.length);
    expect(client.of("bidi_interruption")).toHaveLength(1);
    expect(voice.answers[0]).toMatchObject({ ended: "interrupted", stoppedBy: "agent" });
  });

  it("says why when the service refuses the stream, and text chat carries on", async () => {
    const nova = await startNovaSonicServer(() => {});
    stops.push(nova.close);
    nova.server.removeAllListeners("request");
    nova.server.on("request", (_req, res) => {
      res.writeHead(403, { "content-type": "application/json", "x-amzn-errortype": "AccessDeniedException" });
      res.end(JSON.stringify({ message: "You don't have access to the model with the specified model ID." }));
    });
    const { agent, wsBase } = await startAgent({
      AGENT_VOICE: "nova-sonic",
      AGENT_NOVA_SONIC_ENDPOINT: nova.url,
    });
    stops.push(() => agent.close());
    const client = await TestClient.connect(wsBase, {
      sessionId: `nova-denied-${Date.now()}-0000000000000000000`,
    });
    stops.push(() => client.close());
    const voice = new VoiceTestClient(client, 16_000);
    stops.push(() => voice.close());
    expect(await voice.start()).toMatchObject({ type: "bidi_connection_close", reason: "error" });
    expect(client.of("bidi_error")[0]?.message).toMatch(/access to the model/);
    client.send({ type: "prompt", id: "p", text: "What is 2 + 2?" });
    expect((await client.waitFor("complete")).fullResponse).toContain("2 + 2 = 4");
  });
});

describe("Nova Sonic connections (documented event shapes, not recorded)", () => {
  const context = (history: Array<{ prompt: string; response: string }> = []) => ({
    outputSampleRate: 24_000 as const,
    respond: () => ({
      [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true as const, value: "" }) }),
    }),
    system: "You are a test.",
    tools: new ToolRegistry([calculatorTool]).specs(),
    history: history.map((h, i) => ({ turnId: `t${i}`, status: "complete" as const, ...h })),
    logger: createLogger("silent", "test"),
  });

  it("keeps silence flowing while the microphone sends nothing", async () => {
    const nova = await startNovaSonicServer(() => {});
    stops.push(nova.close);
    const engine = new NovaSonicVoiceEngine({
      modelId: "amazon.nova-2-sonic-v1:0",
      region: "us-east-1",
      voiceId: "tiffany",
      rotateAfterMs: 60_000,
      endpoint: nova.url,
    });
    const session = await engine.open(context());
    stops.push(() => session.close());
    const call = nova.calls[0];
    await call?.waitFor((names) => names.filter((n) => n === "audioInput").length >= 10, "silence frames");
    const frames = call?.of("audioInput") ?? [];
    const samples = Buffer.from(String(frames[0]?.content ?? ""), "base64");
    expect(samples.length).toBe(1024 * 2); // 64 ms at 16 kHz
    expect(samples.every((b) => b === 0)).toBe(true);
  });

  it("carries the conversation to the next connection before the limit: history replayed, audio replayed, old one closed", async () => {
    const nova = await startNovaSonicServer(async (call, index) => {
      await ready(call);
      if (index === 0) {
        for (const event of documentedAnswer({
          user: "my name is ada",
          assistant: "Hello Ada.",
          audio: new Int16Array(4800),
          ids,
        })) {
          call.send(event);
        }
      }
    });
    stops.push(nova.close);
    const engine = new NovaSonicVoiceEngine({
      modelId: "amazon.nova-2-sonic-v1:0",
      region: "us-east-1",
      voiceId: "tiffany",
      rotateAfterMs: 1500,
      endpoint: nova.url,
    });
    const session = await engine.open(context([{ prompt: "earlier question", response: "earlier answer" }]));
    stops.push(() => session.close());
    const events: string[] = [];
    void (async () => {
      for await (const event of session.events()) events.push(event.type);
    })();
    await until(() => nova.calls.length >= 2, "a second connection", 10_000);
    const [first, second] = nova.calls;
    await second?.waitFor(
      (names) => names.filter((n) => n === "audioInput").length >= 20,
      "audio on the new one",
    );
    await first?.waitFor((names) => names.includes("sessionEnd"), "the old one closed");
    expect(first?.names.slice(-3)).toEqual(["contentEnd", "promptEnd", "sessionEnd"]);
    const history = (second?.of("textInput") ?? []).map((t) => t.content);
    expect(history).toEqual([
      "You are a test.",
      "earlier question",
      "earlier answer",
      "my name is ada",
      "Hello Ada.",
    ]);
    const roles = (second?.of("contentStart") ?? []).map((c) => c.role);
    expect(roles).toEqual(["SYSTEM", "USER", "ASSISTANT", "USER", "ASSISTANT", "USER"]);
    // The last seconds of the user's audio go to the new connection at once (32 ms frames), then live audio.
    expect((second?.of("audioInput").length ?? 0) > 20).toBe(true);
    expect(events).toContain("response_complete");
  });
});
