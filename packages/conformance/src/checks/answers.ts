/**
 * `answer-streams`: a prompt's answer arrives as chunks and ends with `complete`, whose text is the chunks
 * joined. `inputtext-prompt`: a full agent answers the articles' `{"inputText"}` prompt the same way, so a basic
 * client works with it.
 */

import { BasicReader, readBasicAnswer } from "../basic-wire.ts";
import { type Check, fail, type Outcome, pass } from "../check.ts";
import { readTurn, type TurnRead } from "../full-wire.ts";
import { count, openBasic, openFull, promptMessage, textDifference } from "./helpers.ts";

function judge(chunks: readonly string[], end: { type: string; text: string }): Outcome {
  if (end.type !== "complete")
    return fail(`the answer ended with "${end.type}" ("${end.text.slice(0, 120)}")`);
  if (chunks.length === 0)
    return fail("the answer came as a complete message alone, with no chunk before it");
  const difference = textDifference("fullResponse is not the chunks joined", chunks.join(""), end.text);
  if (difference) return fail(difference);
  return pass(`${count(chunks.length, "chunk")}, then complete (${end.text.length} characters)`);
}

function judgeTurn(turn: TurnRead): Outcome {
  return judge(turn.chunks, turn.end);
}

export const answerStreams: Check = {
  id: "answer-streams",
  title: "an answer streams in chunks and completes",
  full: {
    required: true,
    run: async (context) => {
      const session = await openFull(context);
      const prompt = promptMessage(context.options.prompt);
      session.connection.sendJson(prompt);
      return judgeTurn(
        await readTurn(session.reader, { promptId: prompt.id, timeoutMs: context.options.answerTimeoutMs }),
      );
    },
  },
  basic: {
    required: true,
    run: async (context) => {
      const { connection } = await openBasic(context);
      connection.sendJson({ inputText: context.options.prompt });
      const answer = await readBasicAnswer(new BasicReader(connection), {
        timeoutMs: context.options.answerTimeoutMs,
      });
      return judge(answer.chunks, answer.end);
    },
  },
};

export const inputTextPrompt: Check = {
  id: "inputtext-prompt",
  title: 'the articles\' {"inputText"} prompt is answered too',
  basic: { notApplicable: "it is the basic level's own prompt, which every basic check sends" },
  full: {
    required: true,
    run: async (context) => {
      const session = await openFull(context);
      session.connection.sendJson({ inputText: context.options.prompt });
      return judgeTurn(await readTurn(session.reader, { timeoutMs: context.options.answerTimeoutMs }));
    },
  },
};
