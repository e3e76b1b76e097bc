/**
 * Liveness. `ws-ping`: a WebSocket ping frame gets its pong (AgentCore's idle timer counts control frames, so
 * this is how any client keeps a quiet socket alive). `app-ping`: the full protocol's `ping` gets a `pong` with
 * the same nonce and the session's latest seq. `container-ping`: the container's `GET /ping` answers the
 * AgentCore contract, and its time changes only when its status does (refreshing it on every ping would keep an
 * idle session alive for ever); a full agent says `HealthyBusy` while an answer runs.
 */
import type { ProtocolLevel } from "@interject/protocol";
import { z } from "zod";
import { type Check, fail, type LevelRule, pass, skip } from "../check.ts";
import { readTurn } from "../full-wire.ts";
import { openFull, promptMessage } from "./helpers.ts";

const wsPingRule: LevelRule = {
  required: true,
  run: async (context) => {
    const connection = await context.connect();
    const answered = await connection.ping("interject-conformance", context.options.replyTimeoutMs);
    return answered
      ? pass("pong with the same payload")
      : fail(`no pong within ${context.options.replyTimeoutMs} ms`);
  },
};

export const wsPing: Check = {
  id: "ws-ping",
  title: "a WebSocket ping gets its pong",
  full: wsPingRule,
  basic: wsPingRule,
};

export const appPing: Check = {
  id: "app-ping",
  title: 'a "ping" message gets its "pong"',
  basic: {
    notApplicable: "the basic level has no application ping; WebSocket pings (ws-ping) keep a socket alive",
  },
  full: {
    required: true,
    run: async (context) => {
      const session = await openFull(context);
      session.connection.sendJson({ type: "ping", nonce: "conformance" });
      const pong = await session.reader.until("pong", context.options.replyTimeoutMs, 'the "pong"');
      if (pong.nonce !== "conformance")
        return fail(`the pong's nonce is ${JSON.stringify(pong.nonce)}, not "conformance"`);
      if (pong.seq !== session.hello.lastSeq)
        return fail(`the pong's seq is ${pong.seq}, not the session's ${session.hello.lastSeq}`);
      return pass("pong with the same nonce and the session's seq");
    },
  },
};

/** The AgentCore container contract's `/ping` body. */
const PingBody = z.strictObject({
  status: z.enum(["Healthy", "HealthyBusy"]),
  time_of_last_update: z.int().min(0),
});
type PingBody = z.infer<typeof PingBody>;

async function getPing(url: string, timeoutMs: number): Promise<PingBody> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /ping answered ${response.status}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GET /ping answered something that is not JSON: ${text.slice(0, 80)}`);
  }
  const parsed = PingBody.safeParse(body);
  if (!parsed.success)
    throw new Error(`GET /ping answered ${text.slice(0, 120)}, not {"status", "time_of_last_update"}`);
  return parsed.data;
}

/** Two pings a little over a second apart: the time may move only with the status. */
async function stableTime(url: string, timeoutMs: number): Promise<string | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const first = await getPing(url, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await getPing(url, timeoutMs);
    if (first.status !== second.status) continue; // something started or ended meanwhile: look again
    if (first.time_of_last_update !== second.time_of_last_update) {
      return `time_of_last_update moved from ${first.time_of_last_update} to ${second.time_of_last_update} while the status stayed ${first.status}: an idle session would never end`;
    }
    return null;
  }
  return null;
}

function containerRule(level: ProtocolLevel): LevelRule {
  return {
    required: true,
    run: async (context) => {
      const url = context.target.pingUrl;
      if (url === null) return skip("the container's /ping is not reachable through a runtime");
      const { replyTimeoutMs, answerTimeoutMs } = context.options;
      const moved = await stableTime(url, replyTimeoutMs);
      if (moved) return fail(moved);
      if (level === "basic") return pass("the AgentCore /ping body, its time steady while the status is");
      const session = await openFull(context);
      const prompt = promptMessage(context.options.longPrompt);
      const probe: { busy: Promise<PingBody> | null } = { busy: null };
      session.connection.sendJson(prompt);
      await readTurn(session.reader, {
        promptId: prompt.id,
        timeoutMs: answerTimeoutMs,
        onChunk: (chunks) => {
          if (chunks.length !== 1) return;
          probe.busy = getPing(url, replyTimeoutMs).finally(() =>
            session.connection.sendJson({ type: "interrupt" }),
          );
          probe.busy.catch(() => {}); // awaited below, once the turn has ended
        },
      });
      if (!probe.busy) return fail("the answer ended before its first chunk");
      const during = await probe.busy;
      if (during.status !== "HealthyBusy")
        return fail(`/ping said ${during.status} while an answer was streaming`);
      return pass(
        "the AgentCore /ping body, HealthyBusy while answering, its time steady while the status is",
      );
    },
  };
}

export const containerPing: Check = {
  id: "container-ping",
  title: "the container's GET /ping follows the AgentCore contract",
  full: containerRule("full"),
  basic: containerRule("basic"),
};
