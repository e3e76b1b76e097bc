/** The pre-roll history: samples by absolute index, the oldest dropped beyond its capacity. */
import { describe, expect, it } from "vitest";
import { AudioHistory } from "./audio-history.ts";

describe("AudioHistory", () => {
  it("gives the samples since an absolute index, clamped to what it still holds", () => {
    const history = new AudioHistory(4);
    history.append(Int16Array.of(1, 2, 3));
    history.append(Int16Array.of(4, 5, 6));
    history.append(Int16Array.of(7, 8));
    expect(history.endIndex).toBe(8);
    expect(history.since(6)).toEqual(Int16Array.of(7, 8));
    expect(history.since(4)).toEqual(Int16Array.of(5, 6, 7, 8));
    // The first chunk (indexes 0-2) was dropped: asking for it gives what is left.
    expect(history.since(0)).toEqual(Int16Array.of(4, 5, 6, 7, 8));
    expect(history.since(8)).toEqual(new Int16Array(0));
  });
});
