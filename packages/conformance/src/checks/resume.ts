/**
 * `resume`: a client that drops mid-answer and reconnects to the same session id with `resume {afterSeq}` gets
 * every stream message after that seq exactly once, in order, then the live ones: no gap, no duplicate, and the
 * answer's text across both sockets is the whole answer. At trace level `full` the seqs must be consecutive;
 * at `milestones` withheld traces leave gaps, so only growth and the text are checked.
 */
import { isFinalPart, isStreamMessage } from "@interject/protocol";
import { type Check, fail, pass } from "../check.ts";
import { Deadline } from "../deadline.ts";
import { count, openFull, promptMessage, textDifference } from "./helpers.ts";

/** Chunks read before dropping the first socket, and on the second before interrupting. */
const CHUNKS_BEFORE_DROP = 2;
const CHUNKS_AFTER_RESUME = 2;
/** How long the client stays away, so that the answer goes on without it and there is something to replay. */
const AWAY_MS = 500;

export const resume: Check = {
  id: "resume",
  title: "a reconnect with resume replays without gaps or duplicates",
  basic: {
    notApplicable:
      "the basic level has no resume: a reconnect is a new conversation, and a dropped answer is kept as far as it got",
  },
  full: {
    required: true,
    run: async (context) => {
      const { answerTimeoutMs, replyTimeoutMs } = context.options;
      const first = await openFull(context);
      const prompt = promptMessage(context.options.longPrompt);
      first.connection.sendJson(prompt);

      // First socket: the turn and a few chunks, then drop it.
      const deadline = new Deadline(answerTimeoutMs);
      let turnId: string | null = null;
      let lastSeq = 0;
      const textBefore: string[] = [];
      while (textBefore.length < CHUNKS_BEFORE_DROP) {
        const message = await first.reader.next(deadline.left, "the first chunks of the answer");
        if (isStreamMessage(message)) lastSeq = message.seq;
        if (message.type === "turn" && message.promptId === prompt.id) turnId = message.turnId;
        if (message.type === "chunk" && message.turnId === turnId) textBefore.push(message.data);
        if ((message.type === "complete" || message.type === "interrupted") && message.turnId === turnId) {
          return fail(
            `the answer ended after ${count(textBefore.length, "chunk")}, before the drop; pass a longer --long-prompt`,
          );
        }
      }
      first.connection.close();
      await first.connection.waitClosed(replyTimeoutMs, "the close of the first socket");
      await new Promise((resolve) => setTimeout(resolve, AWAY_MS));

      // Second socket, same session: everything after lastSeq, then live messages until the turn ends.
      const second = await openFull(context, first.sessionId);
      if (!second.hello.resumed)
        return fail('the hello on reconnect says "resumed": false for a known session');
      if (second.hello.lastSeq < lastSeq) {
        return fail(
          `the hello on reconnect says lastSeq ${second.hello.lastSeq}, below the ${lastSeq} already received`,
        );
      }
      const consecutive = second.hello.traceLevel === "full";
      second.connection.sendJson({ type: "resume", afterSeq: lastSeq });
      const textAfter: string[] = [];
      let final = "";
      let expected = lastSeq + 1;
      let interrupted = false;
      let replayed = 0;
      for (;;) {
        const message = await second.reader.next(deadline.left, "the replayed and live messages");
        if (message.type === "error" && !message.turnId) {
          return fail(`resume {afterSeq: ${lastSeq}} got ${message.code}: "${message.error}"`);
        }
        if (!isStreamMessage(message)) continue;
        if (message.seq <= lastSeq)
          return fail(`seq ${message.seq} came again after resume {afterSeq: ${lastSeq}}`);
        if (consecutive && message.seq !== expected) {
          return fail(
            `seq ${message.seq} came where ${expected} was due: ${message.seq - expected} stream messages missing`,
          );
        }
        expected = message.seq + 1;
        if (message.seq <= second.hello.lastSeq) replayed++;
        if (message.type === "chunk" && message.turnId === turnId) {
          textAfter.push(message.data);
          if (textAfter.length === CHUNKS_AFTER_RESUME && !interrupted) {
            interrupted = true;
            second.connection.sendJson({ type: "interrupt", turnId });
          }
        }
        if ((message.type === "complete" || message.type === "interrupted") && message.turnId === turnId) {
          final += message.type === "complete" ? message.fullResponse : message.partialResponse;
          if (isFinalPart(message)) break;
        }
      }
      const whole = textDifference(
        "the chunks from both sockets do not join into the answer",
        [...textBefore, ...textAfter].join(""),
        final,
      );
      if (whole) return fail(whole);
      return pass(
        `dropped at seq ${lastSeq}; the reconnect replayed ${count(replayed, "message")}${consecutive ? " with consecutive seqs" : ""} and the answer's ${final.length} characters are whole`,
      );
    },
  },
};
