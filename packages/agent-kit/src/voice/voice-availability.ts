/**
 * Which voice an agent has, from AGENT_VOICE: the offline pipeline (when Debian's espeak-ng, pocketsphinx
 * and pocketsphinx-en-us are installed), Amazon Nova Sonic, or none. Decided once at start-up; without a
 * voice, a client that turns voice on is told why and text chat is unaffected.
 */
import type { KitSettings } from "../settings.ts";
import { NovaSonicVoiceEngine } from "./nova/nova-sonic-engine.ts";
import { OfflineVoiceEngine } from "./offline-voice-engine.ts";
import type { VoiceAvailability } from "./voice-engine.ts";

export function voiceAvailability(settings: KitSettings): VoiceAvailability {
  switch (settings.AGENT_VOICE) {
    case "off":
      return { engine: null, reason: "Voice is turned off on this agent (AGENT_VOICE=off)." };
    case "offline":
      return OfflineVoiceEngine.availability();
    case "nova-sonic":
      return {
        engine: new NovaSonicVoiceEngine({
          modelId: settings.AGENT_NOVA_SONIC_MODEL_ID,
          region: settings.AGENT_NOVA_SONIC_REGION ?? settings.AWS_REGION ?? "us-east-1",
          voiceId: settings.AGENT_NOVA_SONIC_VOICE_ID,
          rotateAfterMs: settings.AGENT_NOVA_SONIC_ROTATE_SECONDS * 1000,
          ...(settings.AGENT_NOVA_SONIC_ENDPOINT ? { endpoint: settings.AGENT_NOVA_SONIC_ENDPOINT } : {}),
        }),
      };
  }
}
