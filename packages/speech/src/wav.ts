/**
 * WAV (RIFF, PCM16 mono) reading and writing, including the header espeak-ng writes when it streams to
 * stdout: its RIFF and data sizes are placeholders (0x7ffff000-ish), so the data runs to the end of input.
 */
import { InvalidAudioError } from "./errors.ts";
import { bytesToPcm16, pcm16ToBytes } from "./pcm.ts";

export interface WavAudio {
  sampleRate: number;
  samples: Int16Array;
}

interface WavFormat {
  sampleRate: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of sample data the header claims (a placeholder when streamed). */
  dataBytes: number;
}

/**
 * Parses the RIFF header from the start of `bytes`. Returns null when more bytes are needed to see the
 * `data` chunk; throws when the header is not PCM16 mono.
 */
function parseHeader(bytes: Uint8Array): WavFormat | null {
  if (bytes.length < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new InvalidAudioError("not a RIFF/WAVE file");
  let offset = 12;
  let sampleRate = 0;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      if (body + 16 > bytes.length) return null;
      const format = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const bits = view.getUint16(body + 14, true);
      // 0xfffe is WAVE_FORMAT_EXTENSIBLE, which PCM writers also use.
      if ((format !== 1 && format !== 0xfffe) || bits !== 16 || channels !== 1) {
        throw new InvalidAudioError(
          `only PCM16 mono WAV is supported (format ${format}, ${bits} bits, ${channels} channels)`,
        );
      }
      sampleRate = view.getUint32(body + 4, true);
    } else if (id === "data") {
      if (sampleRate === 0) throw new InvalidAudioError("WAV data chunk before its fmt chunk");
      return { sampleRate, dataOffset: body, dataBytes: size };
    }
    offset = body + size + (size % 2);
  }
  return null;
}

/** Reads a whole PCM16 mono WAV file. A data size past the end (a streamed header) means "to the end". */
export function readWav(bytes: Uint8Array): WavAudio {
  const format = parseHeader(bytes);
  if (!format) throw new InvalidAudioError("WAV header incomplete: no data chunk");
  const available = bytes.length - format.dataOffset;
  let length = Math.min(format.dataBytes, available);
  length -= length % 2;
  return {
    sampleRate: format.sampleRate,
    samples: bytesToPcm16(bytes.subarray(format.dataOffset, format.dataOffset + length)),
  };
}

/** A PCM16 mono WAV file holding `samples`. */
export function writeWav(samples: Int16Array, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + samples.byteLength, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(samples.byteLength, 40);
  return Buffer.concat([header, pcm16ToBytes(samples)]);
}

/**
 * Turns a WAV byte stream arriving in arbitrary pieces (espeak-ng's stdout) into samples as soon as they
 * arrive: the header is parsed once it is complete, and an odd trailing byte waits for its partner.
 */
export class WavStreamDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private format: WavFormat | null = null;

  /** The sample rate, once the header has been read. */
  get sampleRate(): number | null {
    return this.format?.sampleRate ?? null;
  }

  /** Samples completed by `chunk` (possibly none). */
  push(chunk: Uint8Array): Int16Array {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    if (!this.format) {
      this.format = parseHeader(this.pending);
      if (!this.format) return new Int16Array(0);
      this.pending = this.pending.subarray(this.format.dataOffset);
    }
    const usable = this.pending.length - (this.pending.length % 2);
    const samples = bytesToPcm16(this.pending.subarray(0, usable));
    this.pending = this.pending.subarray(usable);
    return samples;
  }
}
