/**
 * `oversize-frame`: a frame one byte over 64 KB (`MAX_INBOUND_FRAME_BYTES`, AgentCore's own frame limit) is
 * refused in a typed way: a close with 1009 ("message too big", as AgentCore and the full protocol do) after
 * which the session still opens, or an error frame on a socket that keeps working. Advisory at basic, where
 * AgentCore enforces the limit in front of the agent. `oversize-prompt`: a prompt one character over
 * `MAX_PROMPT_CHARS`, in a frame under the limit, gets `invalid_message`.
 */
import { MAX_INBOUND_FRAME_BYTES, MAX_PROMPT_CHARS } from "@interject/protocol";
import { BasicReader } from "../basic-wire.ts";
import { type Check, fail, pass } from "../check.ts";
import { SocketClosed, WaitTimeout } from "../errors.ts";
import { expectError, expectPong, openBasic, openFull, promptMessage } from "./helpers.ts";

/** A JSON object of exactly `bytes` bytes, with no `inputText`, so that no agent starts an answer for it. */
function paddedFrame(bytes: number): string {
  const head = '{"padding":"';
  const tail = '"}';
  return `${head}${"x".repeat(bytes - head.length - tail.length)}${tail}`;
}

const OVERSIZE = MAX_INBOUND_FRAME_BYTES + 1;

export const oversizeFrame: Check = {
  id: "oversize-frame",
  title: `a frame over ${MAX_INBOUND_FRAME_BYTES / 1024} KB is refused in a typed way`,
  full: {
    required: true,
    run: async (context) => {
      const { replyTimeoutMs } = context.options;
      const session = await openFull(context);
      session.connection.sendText(paddedFrame(OVERSIZE));
      try {
        const error = await session.reader.until("error", replyTimeoutMs, "the refusal", (e) => !e.turnId);
        if (error.code !== "frame_too_large")
          return fail(`an error with code ${error.code}, not frame_too_large`);
        await expectPong(session, replyTimeoutMs);
        return pass("an error with code frame_too_large; the socket still answers");
      } catch (error) {
        if (!(error instanceof SocketClosed)) throw error;
        if (error.code !== 1009)
          return fail(`the socket closed with ${error.code}, not 1009 (message too big)`);
      }
      const again = await openFull(context, session.sessionId);
      if (!again.hello.resumed) return fail("closed with 1009, but the session was gone on reconnect");
      return pass("closed with 1009 (message too big); the session opens again");
    },
  },
  basic: {
    required: false,
    run: async (context) => {
      const { connection } = await openBasic(context);
      connection.sendText(paddedFrame(OVERSIZE));
      try {
        const reply = await new BasicReader(connection).next(context.options.replyTimeoutMs, "the refusal");
        return "error" in reply
          ? pass('an {"error"} frame')
          : fail(`the agent answered with a "${reply.type}" frame`);
      } catch (error) {
        if (error instanceof SocketClosed) {
          return error.code === 1009
            ? pass("closed with 1009 (message too big)")
            : fail(`closed with ${error.code}, not 1009`);
        }
        if (error instanceof WaitTimeout) {
          return fail(
            `no error and no 1009 close for a ${OVERSIZE}-byte frame; behind AgentCore the runtime refuses it before the agent sees it`,
          );
        }
        throw error;
      }
    },
  },
};

export const oversizePrompt: Check = {
  id: "oversize-prompt",
  title: `a prompt over ${MAX_PROMPT_CHARS.toLocaleString("en")} characters gets a typed error`,
  basic: {
    notApplicable: "the articles' agent sets no prompt limit; AgentCore's frame limit bounds a prompt",
  },
  full: {
    required: true,
    run: async (context) => {
      const session = await openFull(context);
      session.connection.sendJson(promptMessage("x".repeat(MAX_PROMPT_CHARS + 1)));
      await expectError(session, "invalid_message", context.options.replyTimeoutMs);
      await expectPong(session, context.options.replyTimeoutMs);
      return pass('an "error" with code invalid_message; the socket still answers');
    },
  },
};
