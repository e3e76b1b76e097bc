/**
 * The offline voice: @interject/speech's pipeline (voice activity detection with a half-duplex gate,
 * pocketsphinx with a grammar of the phrases the offline model understands, espeak-ng sentence by sentence)
 * around the agent's own model. Nothing is downloaded: it runs Debian's programs, which `availability`
 * checks once at start-up so a missing one is named at once and text chat carries on without voice.
 */
import {
  ESPEAK_PROGRAM,
  findProgram,
  MissingSpeechProgramError,
  OFFLINE_PHRASES,
  OfflineSpeechEngine,
  type PhraseSet,
  POCKETSPHINX_MODEL,
  POCKETSPHINX_PROGRAM,
  requireFile,
  type SpeechSession,
} from "@interject/speech";
import type { VoiceAvailability, VoiceEngine, VoiceOpenContext } from "./voice-engine.ts";

export interface OfflineVoiceOptions {
  /** What the recogniser can hear: the offline model's phrases unless given. */
  phrases?: PhraseSet;
  /** espeak-ng voice and pace. */
  voice?: string;
  wordsPerMinute?: number;
}

export class OfflineVoiceEngine implements VoiceEngine {
  readonly name = "offline";
  readonly model = "offline";
  readonly speechToText = "pocketsphinx";
  readonly textToSpeech = "espeak-ng";
  readonly usesAgentModel = true;

  constructor(private readonly options: OfflineVoiceOptions = {}) {}

  /** The engine, or which Debian package is missing (espeak-ng, pocketsphinx, pocketsphinx-en-us). */
  static availability(options: OfflineVoiceOptions = {}): VoiceAvailability {
    try {
      findProgram(ESPEAK_PROGRAM.program, ESPEAK_PROGRAM.debianPackage);
      findProgram(POCKETSPHINX_PROGRAM.program, POCKETSPHINX_PROGRAM.debianPackage);
      requireFile(POCKETSPHINX_MODEL.dictionary, POCKETSPHINX_MODEL.debianPackage);
      requireFile(`${POCKETSPHINX_MODEL.acousticModel}/mdef`, POCKETSPHINX_MODEL.debianPackage);
    } catch (error) {
      if (error instanceof MissingSpeechProgramError) {
        return { engine: null, reason: `Voice is unavailable on this agent: ${error.message}.` };
      }
      throw error;
    }
    return { engine: new OfflineVoiceEngine(options) };
  }

  open(context: VoiceOpenContext): Promise<SpeechSession> {
    const engine = new OfflineSpeechEngine({
      outputSampleRate: context.outputSampleRate,
      phrases: this.options.phrases ?? OFFLINE_PHRASES,
      ...(this.options.voice ? { voice: this.options.voice } : {}),
      ...(this.options.wordsPerMinute ? { wordsPerMinute: this.options.wordsPerMinute } : {}),
    });
    return engine.open({ respond: context.respond });
  }
}
