/**
 * `new-prompt-interrupts`: a prompt sent while an answer streams interrupts it, the partial answer is kept in
 * `interrupted`, and the new answer follows. `explicit-interrupt`: the full protocol's `interrupt` stops the
 * answer at once (reason `user`), and nothing of it arrives afterwards.
 */
import { BasicReader, readBasicAnswer } from "../basic-wire.ts";
import { type Check, fail, pass } from "../check.ts";
import { readTurn } from "../full-wire.ts";
import { count, openBasic, openFull, promptMessage, textDifference } from "./helpers.ts";

const tooShort = (chunks: number) =>
  `the long answer completed after ${count(chunks, "chunk")}, before the interruption reached the agent; pass a --long-prompt whose answer takes longer`;

export const newPromptInterrupts: Check = {
  id: "new-prompt-interrupts",
  title: "a new prompt mid-answer interrupts it, keeping the partial answer",
  full: {
    required: true,
    run: async (context) => {
      const session = await openFull(context);
      const first = promptMessage(context.options.longPrompt);
      const second = promptMessage(context.options.prompt);
      session.connection.sendJson(first);
      const cut = await readTurn(session.reader, {
        promptId: first.id,
        timeoutMs: context.options.answerTimeoutMs,
        onChunk: (chunks) => {
          if (chunks.length === 1) session.connection.sendJson(second);
        },
      });
      if (cut.end.type === "complete") return fail(tooShort(cut.chunks.length));
      if (cut.end.type !== "interrupted")
        return fail(`the first answer ended with an error: ${cut.end.text}`);
      if (cut.end.reason !== "new_prompt")
        return fail(`interrupted with reason ${cut.end.reason}, not new_prompt`);
      const kept = textDifference(
        "partialResponse is not the chunks sent",
        cut.chunks.join(""),
        cut.end.text,
      );
      if (kept) return fail(kept);
      const next = await readTurn(session.reader, {
        promptId: second.id,
        timeoutMs: context.options.answerTimeoutMs,
      });
      if (next.end.type !== "complete") return fail(`the new prompt's answer ended with "${next.end.type}"`);
      const whole = textDifference(
        "the new answer's fullResponse is not its chunks",
        next.chunks.join(""),
        next.end.text,
      );
      if (whole) return fail(whole);
      return pass(
        `interrupted after ${count(cut.chunks.length, "chunk")} (${cut.end.text.length} characters kept); the new answer completed`,
      );
    },
  },
  basic: {
    required: true,
    run: async (context) => {
      const { connection } = await openBasic(context);
      const reader = new BasicReader(connection);
      connection.sendJson({ inputText: context.options.longPrompt });
      const cut = await readBasicAnswer(reader, {
        timeoutMs: context.options.answerTimeoutMs,
        onChunk: (chunks) => {
          if (chunks.length === 1) connection.sendJson({ inputText: context.options.prompt });
        },
      });
      if (cut.end.type === "complete") return fail(tooShort(cut.chunks.length));
      if (cut.end.type !== "interrupted")
        return fail(`the first answer ended with an error: ${cut.end.text}`);
      // The articles' agent adds a chunk to its answer before sending it, so a cancel that lands during a send
      // may keep one chunk the client never got: the partial must start with what arrived.
      const received = cut.chunks.join("");
      if (!cut.end.text.startsWith(received)) {
        return fail(
          textDifference(
            "partialResponse does not start with the chunks sent",
            received,
            cut.end.text.slice(0, received.length),
          ) ?? "partialResponse does not start with the chunks sent",
        );
      }
      const next = await readBasicAnswer(reader, { timeoutMs: context.options.answerTimeoutMs });
      if (next.end.type !== "complete") return fail(`the new prompt's answer ended with "${next.end.type}"`);
      const whole = textDifference(
        "the new answer's fullResponse is not its chunks",
        next.chunks.join(""),
        next.end.text,
      );
      if (whole) return fail(whole);
      return pass(
        `interrupted after ${count(cut.chunks.length, "chunk")} (${cut.end.text.length} characters kept); the new answer completed`,
      );
    },
  },
};

export const explicitInterrupt: Check = {
  id: "explicit-interrupt",
  title: 'an "interrupt" stops the answer at once',
  basic: {
    notApplicable:
      "the basic level has no interrupt message: a client stops an answer by closing its socket (the articles' agent cancels the answer then), which no client can observe",
  },
  full: {
    required: true,
    run: async (context) => {
      const session = await openFull(context);
      const prompt = promptMessage(context.options.longPrompt);
      session.connection.sendJson(prompt);
      const turn = await readTurn(session.reader, {
        promptId: prompt.id,
        timeoutMs: context.options.answerTimeoutMs,
        onChunk: (chunks) => {
          if (chunks.length === 1) session.connection.sendJson({ type: "interrupt" });
        },
      });
      if (turn.end.type === "complete") return fail(tooShort(turn.chunks.length));
      if (turn.end.type !== "interrupted") return fail(`the answer ended with an error: ${turn.end.text}`);
      if (turn.end.reason !== "user") return fail(`interrupted with reason ${turn.end.reason}, not user`);
      const kept = textDifference(
        "partialResponse is not the chunks sent",
        turn.chunks.join(""),
        turn.end.text,
      );
      if (kept) return fail(kept);
      // Nothing is running now: a second interrupt gets no_active_turn, and no chunk of the turn may come first.
      session.connection.sendJson({ type: "interrupt" });
      for (;;) {
        const message = await session.reader.next(
          context.options.replyTimeoutMs,
          'the "no_active_turn" error',
        );
        if ((message.type === "chunk" || message.type === "complete") && message.turnId === turn.turnId) {
          return fail(`a "${message.type}" of the interrupted turn arrived after "interrupted"`);
        }
        if (message.type === "error" && !message.turnId) {
          if (message.code !== "no_active_turn")
            return fail(`a second interrupt got ${message.code}, not no_active_turn`);
          return pass(
            `stopped after ${count(turn.chunks.length, "chunk")}; a second interrupt got no_active_turn`,
          );
        }
      }
    },
  },
};
