/**
 * Amazon Bedrock through the Converse streaming API (`ConverseStream`, @aws-sdk/client-bedrock-runtime).
 * Tool use goes through the same registry as every model; usage is reported for traces. The AbortSignal is
 * passed to the SDK, which closes the HTTP stream: no further tokens are generated or billed.
 */
import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  type Tool as BedrockTool,
  type ContentBlock,
  ConverseStreamCommand,
  type Message,
  type ToolUseBlock,
} from "@aws-sdk/client-bedrock-runtime";
import { ATTACHMENT_TYPES } from "@interject/protocol";
import type { LoadedAttachment } from "../attachments/attachment-source.ts";
import {
  type ChatMessage,
  isAbortError,
  ModelError,
  type ModelEvent,
  type ModelProvider,
  type ModelRequest,
  type StopReason,
} from "./provider.ts";

/** Smithy's JSON document type, as the SDK's tool blocks declare it. */
type DocumentType = NonNullable<ToolUseBlock["input"]>;

export interface BedrockProviderOptions {
  modelId: string;
  maxTokens: number;
  /** Region, endpoint (tests point it at a local server) and credentials; the default chain otherwise. */
  client: BedrockRuntimeClientConfig;
}

type ImageFormat = NonNullable<NonNullable<ContentBlock["image"]>["format"]>;
type DocumentFormat = NonNullable<NonNullable<ContentBlock["document"]>["format"]>;

/**
 * A user's files as Converse blocks: images as image blocks, documents as document blocks. Documents get
 * neutral names ("Document 1"), as Bedrock advises (a name is read by the model and could carry
 * instructions); a text line says which file each is.
 */
function fileBlocks(files: readonly LoadedAttachment[], counter: { documents: number }): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  const legend: string[] = [];
  for (const file of files) {
    const format = ATTACHMENT_TYPES[file.mediaType].format;
    if (file.kind === "image") {
      blocks.push({ image: { format: format as ImageFormat, source: { bytes: file.bytes } } });
      legend.push(`an image, ${file.name}`);
    } else {
      const name = `Document ${++counter.documents}`;
      blocks.push({ document: { format: format as DocumentFormat, name, source: { bytes: file.bytes } } });
      legend.push(`${name}, ${file.name}`);
    }
  }
  return [{ text: `[Attached: ${legend.join("; ")}.]` }, ...blocks];
}

/** Converse wants non-empty text blocks and strictly alternating roles; files only in user messages. */
export function toBedrockMessages(messages: readonly ChatMessage[]): Message[] {
  const out: Message[] = [];
  const counter = { documents: 0 };
  const add = (role: "user" | "assistant", content: ContentBlock[]) => {
    if (content.length === 0) content.push({ text: "…" });
    const last = out.at(-1);
    if (last?.role === role && last.content) last.content.push(...content);
    else out.push({ role, content });
  };
  for (const m of messages) {
    if (m.role === "user")
      add("user", [
        ...(m.text ? [{ text: m.text }] : []),
        ...(m.attachments?.length ? fileBlocks(m.attachments, counter) : []),
      ]);
    else if (m.role === "assistant") {
      const content: ContentBlock[] = m.text ? [{ text: m.text }] : [];
      for (const call of m.toolCalls ?? []) {
        content.push({
          toolUse: { toolUseId: call.id, name: call.name, input: (call.input ?? {}) as DocumentType },
        });
      }
      add("assistant", content);
    } else {
      add(
        "user",
        m.results.map((r) => ({
          toolResult: {
            toolUseId: r.callId,
            content: [{ text: r.output || "(empty)" }],
            status: r.isError ? "error" : "success",
          },
        })),
      );
    }
  }
  return out;
}

function stopReasonOf(reason: string | undefined): StopReason {
  if (reason === "tool_use") return "tool_use";
  if (reason === "max_tokens") return "max_tokens";
  return "end_turn";
}

export class BedrockProvider implements ModelProvider {
  readonly name = "bedrock";
  readonly model: string;
  private readonly client: BedrockRuntimeClient;

  constructor(private readonly options: BedrockProviderOptions) {
    this.model = options.modelId;
    this.client = new BedrockRuntimeClient(options.client);
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelEvent> {
    const command = new ConverseStreamCommand({
      modelId: this.options.modelId,
      system: [{ text: request.system }],
      messages: toBedrockMessages(request.messages),
      inferenceConfig: { maxTokens: this.options.maxTokens },
      ...(request.tools.length > 0
        ? {
            toolConfig: {
              tools: request.tools.map(
                (t): BedrockTool => ({
                  toolSpec: {
                    name: t.name,
                    description: t.description,
                    inputSchema: { json: t.inputSchema as DocumentType },
                  },
                }),
              ),
            },
          }
        : {}),
    });
    const pending = new Map<number, { id: string; name: string; json: string }>();
    let stopReason: StopReason = "end_turn";
    let inputTokens = 0;
    let outputTokens = 0;
    try {
      const response = await this.client.send(command, { abortSignal: request.signal });
      for await (const event of response.stream ?? []) {
        if (request.signal.aborted) return;
        if (event.contentBlockStart?.start?.toolUse) {
          const { toolUseId = "", name = "" } = event.contentBlockStart.start.toolUse;
          pending.set(event.contentBlockStart.contentBlockIndex ?? 0, { id: toolUseId, name, json: "" });
        } else if (event.contentBlockDelta?.delta) {
          const { delta, contentBlockIndex = 0 } = event.contentBlockDelta;
          if (delta.text) yield { type: "text", text: delta.text };
          else if (delta.reasoningContent?.text)
            yield { type: "reasoning", text: delta.reasoningContent.text };
          else if (delta.toolUse?.input !== undefined) {
            const call = pending.get(contentBlockIndex);
            if (call) call.json += delta.toolUse.input;
          }
        } else if (event.contentBlockStop) {
          const call = pending.get(event.contentBlockStop.contentBlockIndex ?? 0);
          if (call) {
            pending.delete(event.contentBlockStop.contentBlockIndex ?? 0);
            let input: unknown = {};
            try {
              input = call.json ? JSON.parse(call.json) : {};
            } catch {
              input = { unparsable: call.json };
            }
            yield { type: "tool_call", call: { id: call.id, name: call.name, input } };
          }
        } else if (event.messageStop) {
          stopReason = stopReasonOf(event.messageStop.stopReason);
        } else if (event.metadata?.usage) {
          inputTokens = event.metadata.usage.inputTokens ?? 0;
          outputTokens = event.metadata.usage.outputTokens ?? 0;
        } else {
          const failure =
            event.internalServerException ??
            event.modelStreamErrorException ??
            event.throttlingException ??
            event.validationException ??
            event.serviceUnavailableException;
          if (failure) throw new ModelError(failure.message ?? "Bedrock reported a stream error", true);
        }
      }
    } catch (error) {
      if (isAbortError(error, request.signal)) throw error;
      if (error instanceof ModelError) throw error;
      const name = error instanceof Error ? error.name : "Error";
      const message = error instanceof Error ? error.message : String(error);
      const retryable = /Throttling|ServiceUnavailable|InternalServer|ModelStreamError|Timeout/i.test(name);
      throw new ModelError(`Bedrock ${name}: ${message}`.slice(0, 500), retryable, { cause: error });
    }
    yield { type: "end", stopReason, inputTokens, outputTokens };
  }
}
