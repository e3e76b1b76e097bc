/** One typed error per way speech can fail, so the agent can map each once (to a `bidi_error` code). */

/** Audio that is not what it claims: odd byte counts, bad base64, a WAV that is not PCM16. */
export class InvalidAudioError extends Error {
  override readonly name = "InvalidAudioError";
}

/** A Debian program the offline pipeline runs is not installed. The message names the package. */
export class MissingSpeechProgramError extends Error {
  override readonly name = "MissingSpeechProgramError";
  constructor(
    readonly program: string,
    readonly debianPackage: string,
  ) {
    super(
      `${program} is not installed: install the Debian package ${debianPackage} (apt-get install ${debianPackage}), or run sh scripts/ensure-debian-packages.sh as root`,
    );
  }
}

/** A speech program started but failed (exited with an error, or wrote something it should not). */
export class SpeechProgramError extends Error {
  override readonly name = "SpeechProgramError";
  constructor(
    readonly program: string,
    message: string,
  ) {
    super(`${program}: ${message}`);
  }
}

/** Work that was cancelled (barge-in, the session ended) before it finished. */
export class SpeechCancelledError extends Error {
  override readonly name = "SpeechCancelledError";
  constructor(message = "cancelled") {
    super(message);
  }
}
