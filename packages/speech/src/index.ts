/**
 * @interject/speech: the agent's offline speech (nothing downloaded at run time): PCM16 and WAV helpers, a
 * polyphase resampler, voice activity detection, pocketsphinx speech to text with a phrase grammar, espeak-ng
 * text to speech sentence by sentence, and the engine interface a Nova Sonic engine will implement too.
 * See README.md beside this folder.
 */
export * from "./audio-history.ts";
export * from "./engine.ts";
export * from "./errors.ts";
export * from "./espeak-synthesizer.ts";
export * from "./estimated-playback.ts";
export * from "./event-queue.ts";
export * from "./offline-engine.ts";
export * from "./offline-phrases.ts";
export * from "./pcm.ts";
export * from "./phrases.ts";
export * from "./pocketsphinx-recognizer.ts";
export * from "./programs.ts";
export * from "./resampler.ts";
export * from "./sentence-splitter.ts";
export * from "./speaker.ts";
export * from "./vad.ts";
export * from "./wav.ts";
