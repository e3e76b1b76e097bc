/**
 * Sample-rate conversion by a rational factor with a polyphase windowed-sinc low-pass (Kaiser window), the
 * design of scipy's `resample_poly`: up by L, filter at the lower of the two Nyquist frequencies, down by M,
 * computing only the outputs kept. It streams: audio pushed in pieces gives exactly the samples a single
 * call gives, and the filter is centred so output sample n sits at input time n * M / L (no delay but its
 * look-ahead of about half a millisecond). espeak-ng speaks at 22,050 Hz; the user's audio is 16 kHz; the
 * browser plays 16 or 24 kHz.
 */

/** Zero crossings of the sinc on each side, in units of the lower rate (scipy's default: 10). */
const HALF_WIDTH = 10;
/** Kaiser window beta: about 50 dB of stop-band attenuation with a narrow transition (scipy's default). */
const KAISER_BETA = 5;

interface Design {
  up: number;
  down: number;
  /** taps per phase */
  taps: number;
  /** phases[p][k] multiplies input sample floor(t / up) - k, for t ≡ p (mod up) */
  phases: Float64Array[];
  /** delay of the prototype filter, in samples at the upsampled rate */
  delay: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Modified Bessel function of the first kind, order 0 (the Kaiser window's), by its power series. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const quarter = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= quarter / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

const designs = new Map<string, Design>();

function design(fromRate: number, toRate: number): Design {
  const divisor = gcd(fromRate, toRate);
  const up = toRate / divisor;
  const down = fromRate / divisor;
  const key = `${up}/${down}`;
  const cached = designs.get(key);
  if (cached) return cached;
  const widest = Math.max(up, down);
  const half = HALF_WIDTH * widest;
  const length = 2 * half + 1;
  // Cut-off at the lower Nyquist frequency, in cycles per sample of the upsampled signal.
  const cutoff = 0.5 / widest;
  const prototype = new Float64Array(length);
  const norm = besselI0(KAISER_BETA);
  let sum = 0;
  for (let j = 0; j < length; j++) {
    const x = j - half;
    const sinc = x === 0 ? 1 : Math.sin(2 * Math.PI * cutoff * x) / (2 * Math.PI * cutoff * x);
    const r = x / half;
    const window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / norm;
    prototype[j] = 2 * cutoff * sinc * window;
    sum += prototype[j] ?? 0;
  }
  // Unity gain at DC after inserting up-1 zeros between input samples.
  const gain = up / sum;
  const taps = Math.ceil(length / up);
  const phases: Float64Array[] = [];
  for (let p = 0; p < up; p++) {
    const phase = new Float64Array(taps);
    for (let k = 0; k < taps; k++) {
      const j = p + k * up;
      phase[k] = j < length ? (prototype[j] ?? 0) * gain : 0;
    }
    phases.push(phase);
  }
  const made = { up, down, taps, phases, delay: half };
  designs.set(key, made);
  return made;
}

function clampToPcm16(value: number): number {
  const rounded = Math.round(value);
  return Math.min(32767, Math.max(-32768, rounded));
}

/** A streaming converter from `fromRate` to `toRate` for PCM16 mono. */
export class Resampler {
  private readonly design: Design | null;
  /** Input samples kept, starting at absolute input index `bufferStart`. */
  private buffer = new Float64Array(1024);
  private bufferLength = 0;
  private bufferStart = 0;
  private inputCount = 0;
  private outputCount = 0;
  private flushed = false;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
      throw new RangeError(`sample rates must be positive integers, got ${fromRate} and ${toRate}`);
    }
    this.design = fromRate === toRate ? null : design(fromRate, toRate);
  }

  /** Converts the next piece of input; returns every output sample that it completes. */
  push(samples: Int16Array): Int16Array {
    if (this.flushed) throw new Error("Resampler.push after flush");
    if (!this.design) return samples.slice();
    this.append(samples);
    return this.produce(false);
  }

  /**
   * Ends the input: returns the remaining outputs (as if the input went on with silence), so that the whole
   * output has ceil(inputs * toRate / fromRate) samples.
   */
  flush(): Int16Array {
    if (this.flushed) return new Int16Array(0);
    this.flushed = true;
    if (!this.design) return new Int16Array(0);
    return this.produce(true);
  }

  private append(samples: Int16Array): void {
    const needed = this.bufferLength + samples.length;
    if (needed > this.buffer.length) {
      const grown = new Float64Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.bufferLength));
      this.buffer = grown;
    }
    for (let i = 0; i < samples.length; i++) this.buffer[this.bufferLength + i] = samples[i] ?? 0;
    this.bufferLength += samples.length;
    this.inputCount += samples.length;
  }

  private produce(final: boolean): Int16Array {
    const d = this.design;
    if (!d) return new Int16Array(0);
    const total = Math.ceil((this.inputCount * d.up) / d.down);
    const out = new Int16Array(Math.max(0, total - this.outputCount));
    let written = 0;
    while (written < out.length) {
      const t = this.outputCount * d.down + d.delay;
      const newest = Math.floor(t / d.up);
      if (!final && newest >= this.inputCount) break;
      const phase = d.phases[t % d.up];
      if (!phase) break;
      let acc = 0;
      for (let k = 0; k < d.taps; k++) {
        const index = newest - k - this.bufferStart;
        if (index < 0) break;
        if (index < this.bufferLength) acc += (phase[k] ?? 0) * (this.buffer[index] ?? 0);
      }
      out[written++] = clampToPcm16(acc);
      this.outputCount++;
    }
    this.discardUnneeded();
    return out.subarray(0, written);
  }

  /** Drops input samples no future output can reach. */
  private discardUnneeded(): void {
    const d = this.design;
    if (!d) return;
    const t = this.outputCount * d.down + d.delay;
    const oldest = Math.floor(t / d.up) - d.taps + 1;
    const drop = Math.min(this.bufferLength, Math.max(0, oldest - this.bufferStart));
    if (drop === 0) return;
    this.buffer.copyWithin(0, drop, this.bufferLength);
    this.bufferLength -= drop;
    this.bufferStart += drop;
  }
}

/** Converts a whole clip from `fromRate` to `toRate`. */
export function resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  const resampler = new Resampler(fromRate, toRate);
  const head = resampler.push(samples);
  const tail = resampler.flush();
  const out = new Int16Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
