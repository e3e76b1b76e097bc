/** The per-connection limits every transport shares, taken from the settings once. */
import type { ConnectionOptions } from "../session/connection.ts";

export type ConnectionLimits = Omit<ConnectionOptions, "traceLevel" | "now">;
