/** Chooses the model provider from AGENT_MODEL and its settings. */
import type { KitSettings as Env } from "../settings.ts";
import { BedrockProvider } from "./bedrock-provider.ts";
import { OfflineProvider } from "./offline/offline-provider.ts";
import { OpenAiProvider } from "./openai-provider.ts";
import type { ModelProvider } from "./provider.ts";

export function createProvider(env: Env): ModelProvider {
  switch (env.AGENT_MODEL) {
    case "offline":
      return new OfflineProvider({ delayMs: env.AGENT_OFFLINE_DELAY_MS });
    case "bedrock": {
      const region = env.AGENT_BEDROCK_REGION ?? env.AWS_REGION ?? "us-west-2";
      return new BedrockProvider({
        modelId: env.AGENT_BEDROCK_MODEL_ID,
        maxTokens: env.AGENT_MAX_OUTPUT_TOKENS,
        client: { region, ...(env.AGENT_BEDROCK_ENDPOINT ? { endpoint: env.AGENT_BEDROCK_ENDPOINT } : {}) },
      });
    }
    case "openai":
      return new OpenAiProvider({
        baseUrl: env.AGENT_OPENAI_BASE_URL,
        model: env.AGENT_OPENAI_MODEL,
        maxTokens: env.AGENT_MAX_OUTPUT_TOKENS,
        ...(env.AGENT_OPENAI_API_KEY ? { apiKey: env.AGENT_OPENAI_API_KEY } : {}),
      });
  }
}
