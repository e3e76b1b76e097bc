/**
 * Every check after `level-detect`, in the order they run. The two that look at every frame of the run
 * (frame-size, frame-schema) come last.
 */
import type { Check } from "../check.ts";
import { answerStreams, inputTextPrompt } from "./answers.ts";
import { binaryFrame, malformedJson, missingInput } from "./bad-input.ts";
import { frameSchema, frameSize } from "./frames.ts";
import { hello } from "./hello.ts";
import { explicitInterrupt, newPromptInterrupts } from "./interruption.ts";
import { oversizeFrame, oversizePrompt } from "./oversize.ts";
import { appPing, containerPing, wsPing } from "./pings.ts";
import { resume } from "./resume.ts";

export const CHECKS: readonly Check[] = [
  hello,
  answerStreams,
  inputTextPrompt,
  newPromptInterrupts,
  explicitInterrupt,
  resume,
  malformedJson,
  binaryFrame,
  missingInput,
  oversizeFrame,
  oversizePrompt,
  wsPing,
  appPing,
  containerPing,
  frameSize,
  frameSchema,
];
