/** The clock tool: the current date and time, in UTC or an IANA time zone. */
import { z } from "zod";
import { defineTool } from "./tool.ts";

export const clockTool = defineTool({
  name: "clock",
  description: "Returns the current date and time. Optional IANA time zone, e.g. Asia/Tokyo; UTC by default.",
  input: z.strictObject({ timeZone: z.string().min(1).max(64).optional() }),
  milestone: "Checking the clock",
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
