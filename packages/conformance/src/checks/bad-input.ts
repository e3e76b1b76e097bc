/**
 * Input an agent must survive. `malformed-json` (a frame that is not JSON), `binary-frame` (a binary frame, even
 * one holding valid JSON) and `missing-input` (an empty `inputText`) each get a typed error.
 * - Full: an `error` with the protocol's code (`invalid_json`, `binary_frame`, `invalid_message`), and the socket
 *   stays usable (a `ping` still gets its `pong`).
 * - Basic: an `{"error"}` frame (or, for an unreadable frame, a close whose code names the problem: 1003, 1007,
 *   1008, 1009). After an unreadable frame the articles' agent stops reading the socket, so a dead socket is only a
 *   warning there; after a missing `inputText` it keeps reading, and that is required.
 */
import type { ErrorCode } from "@interject/protocol";
import type { AgentConnection } from "../agent-connection.ts";
import type { BasicReader } from "../basic-wire.ts";
import { type Check, type CheckContext, fail, type LevelRule, type Outcome, pass } from "../check.ts";
import { SocketClosed } from "../errors.ts";
import { expectError, expectPong, openBasic, openFull } from "./helpers.ts";

/** The full protocol's code for a binary frame. */
export const BINARY_FRAME_CODE: ErrorCode = "binary_frame";

/** Close codes (RFC 6455) that say what was wrong with the frame. */
const TYPED_CLOSE_CODES = new Set([1003, 1007, 1008, 1009]);

function fullRule(send: (connection: AgentConnection) => void, code: ErrorCode): LevelRule {
  return {
    required: true,
    run: async (context) => {
      const session = await openFull(context);
      send(session.connection);
      await expectError(session, code, context.options.replyTimeoutMs);
      await expectPong(session, context.options.replyTimeoutMs);
      return pass(`an "error" with code ${code}; the socket still answers`);
    },
  };
}

/** Waits for the basic agent's reaction to a bad frame: an error frame, or a typed close. */
async function basicReaction(context: CheckContext, reader: BasicReader): Promise<Outcome | "error-frame"> {
  try {
    const frame = await reader.next(context.options.replyTimeoutMs, 'an {"error"} frame');
    if ("error" in frame) return "error-frame";
    return fail(`the agent answered with a "${frame.type}" frame, not {"error"}`);
  } catch (error) {
    if (error instanceof SocketClosed && TYPED_CLOSE_CODES.has(error.code)) {
      return pass(`the agent closed the socket with ${error.code}`);
    }
    throw error;
  }
}

/** After an error frame: does the socket still answer? (An empty inputText gets an immediate error.) */
async function stillAnswers(context: CheckContext, connection: AgentConnection): Promise<boolean> {
  if (!connection.isOpen) return false;
  connection.sendJson({ inputText: "" });
  return (await connection.nextOrNull(context.options.replyTimeoutMs, "a reply on the same socket")) !== null;
}

function basicUnreadableRule(send: (connection: AgentConnection) => void): LevelRule {
  return {
    required: true,
    run: async (context) => {
      const { connection, reader } = await openBasic(context);
      send(connection);
      const reaction = await basicReaction(context, reader);
      if (reaction !== "error-frame") return reaction;
      if (await stillAnswers(context, connection))
        return pass('an {"error"} frame; the socket still answers');
      return pass(
        'an {"error"} frame',
        "the socket answers nothing afterwards (as the articles' agent, whose receive loop ends): a client must open a new one",
      );
    },
  };
}

const sendMalformed = (connection: AgentConnection) => connection.sendText('{"inputText": "Hello!"');
// A binary frame whose bytes are valid JSON: an agent must not read binary frames as text.
const sendBinary = (connection: AgentConnection) =>
  connection.sendBinary(new TextEncoder().encode('{"type":"ping","nonce":"binary"}'));

export const malformedJson: Check = {
  id: "malformed-json",
  title: "a frame that is not JSON gets a typed error",
  full: fullRule(sendMalformed, "invalid_json"),
  basic: basicUnreadableRule(sendMalformed),
};

export const binaryFrame: Check = {
  id: "binary-frame",
  title: "a binary frame gets a typed error",
  full: fullRule(sendBinary, BINARY_FRAME_CODE),
  basic: basicUnreadableRule(sendBinary),
};

export const missingInput: Check = {
  id: "missing-input",
  title: "an empty prompt gets a typed error and the socket keeps working",
  full: fullRule((connection) => connection.sendJson({ inputText: "" }), "invalid_message"),
  basic: {
    required: true,
    run: async (context) => {
      const { connection, reader } = await openBasic(context);
      for (const message of [{ inputText: "" }, {}]) {
        connection.sendJson(message);
        const frame = await reader.next(
          context.options.replyTimeoutMs,
          `an {"error"} for ${JSON.stringify(message)}`,
        );
        if (!("error" in frame))
          return fail(`${JSON.stringify(message)} got a "${frame.type}" frame, not {"error"}`);
      }
      return pass('{"inputText": ""} and then {} each got an {"error"} on the same socket');
    },
  },
};
