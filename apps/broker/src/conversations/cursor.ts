/** Opaque keyset cursors for "newest first" lists: (timestamp, id) of the last item, base64url JSON. */
import { z } from "zod";
import { ApiError } from "../errors.ts";

const Cursor = z.tuple([z.iso.datetime(), z.string().min(1).max(200)]);

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  try {
    const parsed = Cursor.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return { at: new Date(parsed.data[0]), id: parsed.data[1] };
  } catch {
    // falls through to the error below
  }
  throw new ApiError(400, "bad_request", "cursor is not one this server gave out");
}
