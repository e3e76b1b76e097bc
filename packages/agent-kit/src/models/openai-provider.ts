/**
 * Any OpenAI-compatible chat completions server (Ollama, vLLM, LM Studio, OpenAI itself): streaming over
 * SSE with tool calls. The request is made with fetch and the AbortSignal, so an interruption closes the
 * HTTP stream and the server stops generating.
 */
import { createParser } from "eventsource-parser";
import { z } from "zod";
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

export interface OpenAiProviderOptions {
  /** e.g. http://127.0.0.1:11434/v1 (Ollama); `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  maxTokens: number;
}

const Chunk = z.object({
  choices: z
    .array(
      z.object({
        delta: z
          .object({
            content: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            tool_calls: z
              .array(
                z.object({
                  index: z.number().int().default(0),
                  id: z.string().nullish(),
                  function: z
                    .object({ name: z.string().nullish(), arguments: z.string().nullish() })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .default([]),
  usage: z
    .object({ prompt_tokens: z.number().int().default(0), completion_tokens: z.number().int().default(0) })
    .nullish(),
});

/** A user message's parts when it carries files (OpenAI's content parts). */
type ContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

type OpenAiMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ContentPart[] }
  | {
      role: "assistant";
      content: string | null;
      tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }>;
    }
  | { role: "tool"; tool_call_id: string; content: string };

/**
 * OpenAI-compatible servers take images as data URLs and have no document part: a document goes as its text
 * (PDF and DOCX text extracted, text files as they are), fenced and named.
 */
function userContent(text: string, files: readonly LoadedAttachment[]): string | ContentPart[] {
  if (files.length === 0) return text;
  const parts: ContentPart[] = [{ type: "text", text }];
  for (const file of files) {
    if (file.kind === "image") {
      const data = Buffer.from(file.bytes).toString("base64");
      parts.push({ type: "text", text: `[Image: ${file.name}]` });
      parts.push({ type: "image_url", image_url: { url: `data:${file.mediaType};base64,${data}` } });
    } else {
      parts.push({
        type: "text",
        text: `[Document: ${file.name}${file.pages ? `, ${file.pages} pages` : ""}]\n<document>\n${file.text ?? ""}\n</document>`,
      });
    }
  }
  return parts;
}

export function toOpenAiMessages(system: string, messages: readonly ChatMessage[]): OpenAiMessage[] {
  const out: OpenAiMessage[] = [{ role: "system", content: system }];
  for (const m of messages) {
    if (m.role === "user") out.push({ role: "user", content: userContent(m.text, m.attachments ?? []) });
    else if (m.role === "assistant") {
      out.push({
        role: "assistant",
        content: m.text || null,
        ...(m.toolCalls?.length
          ? {
              tool_calls: m.toolCalls.map((c) => ({
                id: c.id,
                type: "function" as const,
                function: { name: c.name, arguments: JSON.stringify(c.input ?? {}) },
              })),
            }
          : {}),
      });
    } else {
      for (const r of m.results) out.push({ role: "tool", tool_call_id: r.callId, content: r.output });
    }
  }
  return out;
}

/** The `data:` payloads of an SSE body, one at a time (eventsource-parser does the SSE framing). */
async function* sseData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const ready: string[] = [];
  const parser = createParser({
    onEvent: (event) => ready.push(event.data),
    // A server that never ends an event must not grow our memory without bound.
    maxBufferSize: 4 * 1024 * 1024,
    onError: (error) => {
      throw new ModelError(`the server sent a malformed event stream (${error.message})`, true);
    },
  });
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    yield* ready.splice(0);
  }
  parser.feed(decoder.decode());
  yield* ready.splice(0);
}

export class OpenAiProvider implements ModelProvider {
  readonly name = "openai";
  readonly model: string;

  constructor(private readonly options: OpenAiProviderOptions) {
    this.model = options.model;
  }

  async *stream(request: ModelRequest): AsyncGenerator<ModelEvent> {
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
    const calls = new Map<number, { id: string; name: string; args: string }>();
    let stopReason: StopReason = "end_turn";
    let inputTokens = 0;
    let outputTokens = 0;
    try {
      const response = await fetch(url, {
        method: "POST",
        signal: request.signal,
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.options.model,
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: this.options.maxTokens,
          messages: toOpenAiMessages(request.system, request.messages),
          ...(request.tools.length > 0
            ? {
                tools: request.tools.map((t) => ({
                  type: "function",
                  function: { name: t.name, description: t.description, parameters: t.inputSchema },
                })),
              }
            : {}),
        }),
      });
      if (!response.ok || !response.body) {
        const detail = (await response.text().catch(() => "")).slice(0, 200);
        throw new ModelError(
          `the server answered ${response.status}${detail ? `: ${detail}` : ""}`,
          response.status === 429 || response.status >= 500,
        );
      }
      for await (const data of sseData(response.body)) {
        if (request.signal.aborted) return;
        if (data.trim() === "[DONE]") break;
        let json: unknown;
        try {
          json = JSON.parse(data);
        } catch {
          throw new ModelError("the server sent a stream event that is not JSON", true);
        }
        const chunk = Chunk.safeParse(json);
        if (!chunk.success) throw new ModelError("the server sent a stream event of an unknown shape", true);
        if (chunk.data.usage) {
          inputTokens = chunk.data.usage.prompt_tokens;
          outputTokens = chunk.data.usage.completion_tokens;
        }
        for (const choice of chunk.data.choices) {
          const delta = choice.delta;
          if (delta?.reasoning_content) yield { type: "reasoning", text: delta.reasoning_content };
          if (delta?.content) yield { type: "text", text: delta.content };
          for (const part of delta?.tool_calls ?? []) {
            const call = calls.get(part.index) ?? { id: "", name: "", args: "" };
            if (part.id) call.id = part.id;
            if (part.function?.name) call.name += part.function.name;
            if (part.function?.arguments) call.args += part.function.arguments;
            calls.set(part.index, call);
          }
          if (choice.finish_reason === "tool_calls") stopReason = "tool_use";
          else if (choice.finish_reason === "length") stopReason = "max_tokens";
        }
      }
    } catch (error) {
      if (isAbortError(error, request.signal)) throw error;
      if (error instanceof ModelError)
        throw new ModelError(`OpenAI-compatible server: ${error.message}`, error.retryable);
      throw new ModelError(`OpenAI-compatible server unreachable (${(error as Error).message})`, true, {
        cause: error,
      });
    }
    for (const [index, call] of [...calls.entries()].sort(([a], [b]) => a - b)) {
      let input: unknown = {};
      try {
        input = call.args ? JSON.parse(call.args) : {};
      } catch {
        input = { unparsable: call.args };
      }
      yield { type: "tool_call", call: { id: call.id || `call-${index}`, name: call.name, input } };
    }
    if (calls.size > 0) stopReason = "tool_use";
    yield { type: "end", stopReason, inputTokens, outputTokens };
  }
}
