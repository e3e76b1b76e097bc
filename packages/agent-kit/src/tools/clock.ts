/** The clock tool: the current date and time, in UTC or an IANA time zone. */
import { z } from "zod";
import { defineTool } from "./tool.ts";

const TIME =
  /\b(time|date|today|clock|what day|hora|heure|uhr|fecha)\b|何時|時間|日付|今日|几点|日期|시간|날짜|время|дата/iu;
const ZONE = /\b([A-Z][a-z]+(?:\/[A-Z][A-Za-z_]+)+)\b/;

export const clockTool = defineTool({
  name: "clock",
  description: "Returns the current date and time. Optional IANA time zone, e.g. Asia/Tokyo; UTC by default.",
  input: z.strictObject({ timeZone: z.string().min(1).max(64).optional() }),
  milestone: "Checking the clock",
  offline: {
    plan: (prompt) => {
      if (!TIME.test(prompt)) return null;
      const zone = ZONE.exec(prompt)?.[1];
      return zone ? { timeZone: zone } : {};
    },
    reason: () => "the user asks about the date or time",
    describe: (result) =>
      result.isError
        ? `I could not read the clock: ${result.output}`
        : `According to the clock, it is now ${result.output}.`,
  },
  async run({ timeZone }, { now }) {
    const date = now();
    const zone = timeZone ?? "UTC";
    let local: string;
    try {
      local = new Intl.DateTimeFormat("en-GB", {
        timeZone: zone,
        dateStyle: "full",
        timeStyle: "long",
      }).format(date);
    } catch {
      throw new Error(`Unknown time zone "${zone}"; use an IANA name such as Europe/Paris.`);
    }
    return `${local} (ISO ${date.toISOString()})`;
  },
});
