/**
 * The example's one custom tool: converts a quantity between units of length, mass, volume or temperature.
 * Deterministic and offline, like a call to an internal API would be in a real agent. Its OfflineHint lets
 * the kit's offline model call it for prompts such as "convert 5 km to miles".
 */
import { defineTool } from "@interject/agent-kit";
import { z } from "zod";

/** Factor to the base unit of each kind (metre, kilogram, litre); temperatures are converted apart. */
const UNITS: Record<string, { kind: string; factor: number; names: string[] }> = {
  m: { kind: "length", factor: 1, names: ["m", "metre", "metres", "meter", "meters"] },
  km: { kind: "length", factor: 1000, names: ["km", "kilometre", "kilometres", "kilometer", "kilometers"] },
  cm: {
    kind: "length",
    factor: 0.01,
    names: ["cm", "centimetre", "centimetres", "centimeter", "centimeters"],
  },
  mi: { kind: "length", factor: 1609.344, names: ["mi", "mile", "miles"] },
  ft: { kind: "length", factor: 0.3048, names: ["ft", "foot", "feet"] },
  in: { kind: "length", factor: 0.0254, names: ["in", "inch", "inches"] },
  kg: { kind: "mass", factor: 1, names: ["kg", "kilogram", "kilograms", "kilo", "kilos"] },
  g: { kind: "mass", factor: 0.001, names: ["g", "gram", "grams"] },
  lb: { kind: "mass", factor: 0.45359237, names: ["lb", "lbs", "pound", "pounds"] },
  l: { kind: "volume", factor: 1, names: ["l", "litre", "litres", "liter", "liters"] },
  gal: { kind: "volume", factor: 3.785411784, names: ["gal", "gallon", "gallons"] },
  c: { kind: "temperature", factor: 1, names: ["c", "°c", "celsius"] },
  f: { kind: "temperature", factor: 1, names: ["f", "°f", "fahrenheit"] },
  k: { kind: "temperature", factor: 1, names: ["k", "kelvin"] },
};

export class ConversionError extends Error {
  override name = "ConversionError";
}

/** The unit a word names, e.g. "miles" -> "mi"; undefined when none. */
export function unitOf(word: string): string | undefined {
  const w = word.toLowerCase();
  return Object.keys(UNITS).find((key) => UNITS[key]?.names.includes(w));
}

function toCelsius(value: number, unit: string): number {
  return unit === "f" ? ((value - 32) * 5) / 9 : unit === "k" ? value - 273.15 : value;
}

function fromCelsius(value: number, unit: string): number {
  return unit === "f" ? (value * 9) / 5 + 32 : unit === "k" ? value + 273.15 : value;
}

export function convert(value: number, from: string, to: string): number {
  const a = UNITS[from];
  const b = UNITS[to];
  if (!a || !b) throw new ConversionError(`Unknown unit: use one of ${Object.keys(UNITS).join(", ")}.`);
  if (a.kind !== b.kind)
    throw new ConversionError(`Cannot convert ${a.kind} (${from}) to ${b.kind} (${to}).`);
  if (a.kind === "temperature") return fromCelsius(toCelsius(value, from), to);
  return (value * a.factor) / b.factor;
}

const PROMPT = /(-?\d+(?:\.\d+)?)\s*(°?[a-z]+)\s+(?:in|to|into)\s+(°?[a-z]+)/iu;

export const convertUnitsTool = defineTool({
  name: "convert_units",
  description:
    "Converts a quantity between units of length (m, km, cm, mi, ft, in), mass (kg, g, lb), volume (l, gal) or temperature (c, f, k).",
  input: z.strictObject({
    value: z.number().finite(),
    from: z.string().min(1).max(16),
    to: z.string().min(1).max(16),
  }),
  milestone: "Converting units",
  offline: {
    plan: (prompt) => {
      const match = PROMPT.exec(prompt);
      const from = unitOf(match?.[2] ?? "");
      const to = unitOf(match?.[3] ?? "");
      return match && from && to ? { value: Number(match[1]), from, to } : null;
    },
    reason: () => "the user wants a quantity converted to another unit",
    describe: (result) => (result.isError ? `I could not convert that: ${result.output}` : result.output),
  },
  async run({ value, from, to }) {
    const a = unitOf(from) ?? from;
    const b = unitOf(to) ?? to;
    const result = convert(value, a, b);
    return `${value} ${a} is ${Number.parseFloat(result.toPrecision(6))} ${b}.`;
  },
});
