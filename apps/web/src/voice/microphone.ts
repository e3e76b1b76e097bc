/**
 * Opening the microphone, with every way it can fail told apart in words a person can act on: permission
 * denied, no device, the device in use, or a page or browser that cannot capture audio at all. Echo
 * cancellation, noise suppression and automatic gain stay on (the agent's voice must not come back in as
 * the user's); the half-duplex gate covers the echo they miss.
 */

export type MicrophoneProblem = "denied" | "no_device" | "in_use" | "unsupported" | "failed";

export class MicrophoneError extends Error {
  override readonly name = "MicrophoneError";
  constructor(
    readonly kind: MicrophoneProblem,
    message: string,
  ) {
    super(message);
  }
}

const MESSAGES: Record<MicrophoneProblem, string> = {
  denied:
    "Microphone access was denied. Allow the microphone for this site in the browser (the icon at the left of the address bar), then turn voice on again.",
  no_device:
    "No microphone was found. Connect one, or choose an input device in your system's sound settings, then try again.",
  in_use:
    "The microphone could not be started: another application may be using it. Close that application and try again.",
  unsupported:
    "This browser cannot capture audio on this page: voice needs a secure page (https, or localhost) and a browser with Web Audio.",
  failed: "The microphone could not be opened.",
};

/** The kind of failure a getUserMedia rejection is (by its DOMException name). */
export function classifyMicrophoneError(error: unknown): MicrophoneError {
  const name = error instanceof Error ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
    case "PermissionDeniedError":
      return new MicrophoneError("denied", MESSAGES.denied);
    case "NotFoundError":
    case "OverconstrainedError":
    case "DevicesNotFoundError":
      return new MicrophoneError("no_device", MESSAGES.no_device);
    case "NotReadableError":
    case "AbortError":
    case "TrackStartError":
      return new MicrophoneError("in_use", MESSAGES.in_use);
    case "TypeError":
      return new MicrophoneError("unsupported", MESSAGES.unsupported);
    default: {
      const detail = error instanceof Error && error.message ? ` (${error.message})` : "";
      return new MicrophoneError("failed", `${MESSAGES.failed}${detail}`);
    }
  }
}

export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

/** The microphone's stream, or a MicrophoneError saying why not. */
export async function openMicrophone(getUserMedia?: GetUserMedia): Promise<MediaStream> {
  const get =
    getUserMedia ??
    (typeof navigator !== "undefined" && navigator.mediaDevices?.getUserMedia
      ? (constraints: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(constraints)
      : null);
  if (!get || typeof AudioWorkletNode === "undefined")
    throw new MicrophoneError("unsupported", MESSAGES.unsupported);
  try {
    return await get({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: false,
    });
  } catch (error) {
    throw classifyMicrophoneError(error);
  }
}
