/** Microphone failures told apart, each with words a person can act on. */
import { describe, expect, it } from "vitest";
import { classifyMicrophoneError, MicrophoneError, openMicrophone } from "./microphone.ts";

const fail = (name: string) => Object.assign(new Error("x"), { name });

describe("the microphone's failures", () => {
  it("names denied, no device and in use, and says what to do", () => {
    expect(classifyMicrophoneError(fail("NotAllowedError"))).toMatchObject({
      kind: "denied",
      message: expect.stringContaining("Allow the microphone"),
    });
    expect(classifyMicrophoneError(fail("NotFoundError")).kind).toBe("no_device");
    expect(classifyMicrophoneError(fail("OverconstrainedError")).kind).toBe("no_device");
    expect(classifyMicrophoneError(fail("NotReadableError"))).toMatchObject({
      kind: "in_use",
      message: expect.stringContaining("another application"),
    });
    expect(classifyMicrophoneError(fail("Weird")).message).toContain("(x)");
  });

  it("asks for echo cancellation, and maps a refusal", async () => {
    globalThis.AudioWorkletNode ??= class {} as unknown as typeof AudioWorkletNode;
    let asked: MediaStreamConstraints | undefined;
    const refused = openMicrophone(async (constraints) => {
      asked = constraints;
      throw fail("NotAllowedError");
    });
    await expect(refused).rejects.toBeInstanceOf(MicrophoneError);
    await expect(refused).rejects.toMatchObject({ kind: "denied" });
    expect(asked?.audio).toMatchObject({
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
    });
  });
});
