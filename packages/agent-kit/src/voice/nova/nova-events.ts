/**
 * Amazon Nova Sonic's bidirectional event protocol (InvokeModelWithBidirectionalStream), as the Amazon Nova
 * user guide documents it ("Handling input events", "Handling output events"): the input events Interject
 * sends, built here, and the output events it reads, parsed here. Output schemas are not strict: a field
 * AWS adds to an event must not break a running conversation (unknown fields are dropped).
 */
import { z } from "zod";

// ---- output (model to agent) ---------------------------------------------------------------------------

const Ids = {
  sessionId: z.string().optional(),
  promptName: z.string().optional(),
  completionId: z.string().optional(),
};

const CompletionStart = z.object({ ...Ids });
const ContentStart = z.object({
  ...Ids,
  contentId: z.string(),
  type: z.enum(["TEXT", "AUDIO", "TOOL"]),
  role: z.enum(["USER", "ASSISTANT", "TOOL", "SYSTEM"]),
  /** A JSON string: `{"generationStage":"SPECULATIVE"}` (what it plans to say) or `"FINAL"` (what it said). */
  additionalModelFields: z.string().optional(),
  audioOutputConfiguration: z.object({ sampleRateHertz: z.number().int().positive() }).optional(),
});
const TextOutput = z.object({ ...Ids, contentId: z.string().optional(), content: z.string() });
const AudioOutput = z.object({ ...Ids, contentId: z.string().optional(), content: z.string() });
const ToolUse = z.object({
  ...Ids,
  contentId: z.string().optional(),
  content: z.string(),
  toolName: z.string(),
  toolUseId: z.string(),
});
const ContentEnd = z.object({
  ...Ids,
  contentId: z.string().optional(),
  stopReason: z.string().optional(),
  type: z.enum(["TEXT", "AUDIO", "TOOL"]).optional(),
});
const UsageEvent = z.object({
  ...Ids,
  totalInputTokens: z.number().int().min(0).optional(),
  totalOutputTokens: z.number().int().min(0).optional(),
  totalTokens: z.number().int().min(0).optional(),
});
const CompletionEnd = z.object({ ...Ids, stopReason: z.string().optional() });

export const NovaOutputEvent = z.object({
  event: z.union([
    z.object({ completionStart: CompletionStart }),
    z.object({ contentStart: ContentStart }),
    z.object({ textOutput: TextOutput }),
    z.object({ audioOutput: AudioOutput }),
    z.object({ toolUse: ToolUse }),
    z.object({ contentEnd: ContentEnd }),
    z.object({ usageEvent: UsageEvent }),
    z.object({ completionEnd: CompletionEnd }),
  ]),
});
export type NovaOutputEvent = z.infer<typeof NovaOutputEvent>["event"];
export type NovaContentStart = z.infer<typeof ContentStart>;

/** Parses one output event's JSON; null for an event Interject does not know (it is skipped). */
export function parseNovaOutput(text: string): NovaOutputEvent | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = NovaOutputEvent.safeParse(json);
  return parsed.success ? parsed.data.event : null;
}

/** The generation stage in a contentStart's additionalModelFields, if any. */
export function generationStage(start: NovaContentStart): "SPECULATIVE" | "FINAL" | null {
  if (!start.additionalModelFields) return null;
  try {
    const fields = JSON.parse(start.additionalModelFields) as { generationStage?: unknown };
    return fields.generationStage === "SPECULATIVE" || fields.generationStage === "FINAL"
      ? fields.generationStage
      : null;
  } catch {
    return null;
  }
}

/**
 * Nova's barge-in notice: an assistant text output whose content is `{ "interrupted" : true }` (spacing
 * varies). Ordinary text that mentions interruption is not one.
 */
export function isInterruptedNotice(content: string): boolean {
  const trimmed = content.trim();
  if (!trimmed.startsWith("{")) return false;
  try {
    return (JSON.parse(trimmed) as { interrupted?: unknown }).interrupted === true;
  } catch {
    return false;
  }
}

// ---- input (agent to model) ----------------------------------------------------------------------------

export interface NovaToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export type NovaInputEvent = { event: Record<string, unknown> };

const TEXT_PLAIN = { mediaType: "text/plain" };

export const novaInput = {
  sessionStart: (maxTokens: number): NovaInputEvent => ({
    event: { sessionStart: { inferenceConfiguration: { maxTokens, topP: 0.9, temperature: 0.7 } } },
  }),
  promptStart: (
    promptName: string,
    options: { outputSampleRate: number; voiceId: string; tools: readonly NovaToolSpec[] },
  ): NovaInputEvent => ({
    event: {
      promptStart: {
        promptName,
        textOutputConfiguration: TEXT_PLAIN,
        audioOutputConfiguration: {
          mediaType: "audio/lpcm",
          sampleRateHertz: options.outputSampleRate,
          sampleSizeBits: 16,
          channelCount: 1,
          voiceId: options.voiceId,
          encoding: "base64",
          audioType: "SPEECH",
        },
        toolUseOutputConfiguration: { mediaType: "application/json" },
        ...(options.tools.length > 0
          ? {
              toolConfiguration: {
                tools: options.tools.map((tool) => ({
                  toolSpec: {
                    name: tool.name,
                    description: tool.description,
                    inputSchema: { json: JSON.stringify(tool.inputSchema) },
                  },
                })),
              },
            }
          : {}),
      },
    },
  }),
  /** One text block (system prompt, a history message, or typed text): contentStart, textInput, contentEnd. */
  text: (
    promptName: string,
    contentName: string,
    role: "SYSTEM" | "USER" | "ASSISTANT",
    content: string,
    interactive = false,
  ): NovaInputEvent[] => [
    {
      event: {
        contentStart: {
          promptName,
          contentName,
          type: "TEXT",
          interactive,
          role,
          textInputConfiguration: TEXT_PLAIN,
        },
      },
    },
    { event: { textInput: { promptName, contentName, content } } },
    { event: { contentEnd: { promptName, contentName } } },
  ],
  audioStart: (promptName: string, contentName: string): NovaInputEvent => ({
    event: {
      contentStart: {
        promptName,
        contentName,
        type: "AUDIO",
        interactive: true,
        role: "USER",
        audioInputConfiguration: {
          mediaType: "audio/lpcm",
          sampleRateHertz: 16_000,
          sampleSizeBits: 16,
          channelCount: 1,
          audioType: "SPEECH",
          encoding: "base64",
        },
      },
    },
  }),
  audio: (promptName: string, contentName: string, base64: string): NovaInputEvent => ({
    event: { audioInput: { promptName, contentName, content: base64 } },
  }),
  toolResult: (
    promptName: string,
    contentName: string,
    toolUseId: string,
    content: string,
  ): NovaInputEvent[] => [
    {
      event: {
        contentStart: {
          promptName,
          contentName,
          interactive: false,
          type: "TOOL",
          role: "TOOL",
          toolResultInputConfiguration: { toolUseId, type: "TEXT", textInputConfiguration: TEXT_PLAIN },
        },
      },
    },
    { event: { toolResult: { promptName, contentName, content } } },
    { event: { contentEnd: { promptName, contentName } } },
  ],
  contentEnd: (promptName: string, contentName: string): NovaInputEvent => ({
    event: { contentEnd: { promptName, contentName } },
  }),
  promptEnd: (promptName: string): NovaInputEvent => ({ event: { promptEnd: { promptName } } }),
  sessionEnd: (): NovaInputEvent => ({ event: { sessionEnd: {} } }),
};
