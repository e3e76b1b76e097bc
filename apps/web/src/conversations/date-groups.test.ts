import { describe, expect, it } from "vitest";
import { dateGroupOf, groupByDate } from "./date-groups.ts";

/** Local times, as the reader's clock shows them. */
const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).toISOString();
const now = new Date(2026, 11, 6, 9, 30);

describe("date groups", () => {
  it("puts each conversation in Today, Yesterday, Previous 7 days, Previous 30 days or Older", () => {
    expect(dateGroupOf(at(2026, 12, 6, 0), now)).toBe("Today");
    expect(dateGroupOf(at(2026, 12, 5, 23), now)).toBe("Yesterday");
    expect(dateGroupOf(at(2026, 12, 5, 0), now)).toBe("Yesterday");
    expect(dateGroupOf(at(2026, 12, 4), now)).toBe("Previous 7 days");
    expect(dateGroupOf(at(2026, 11, 29), now)).toBe("Previous 7 days");
    expect(dateGroupOf(at(2026, 11, 28), now)).toBe("Previous 30 days");
    expect(dateGroupOf(at(2026, 11, 6), now)).toBe("Previous 30 days");
    expect(dateGroupOf(at(2026, 11, 5), now)).toBe("Older");
  });

  it("keeps the list's order inside groups and leaves out empty groups", () => {
    const items = [
      { id: "a", updatedAt: at(2026, 12, 6) },
      { id: "b", updatedAt: at(2026, 12, 6, 1) },
      { id: "c", updatedAt: at(2026, 10, 1) },
    ];
    expect(groupByDate(items, now).map((g) => [g.group, g.items.map((i) => i.id)])).toEqual([
      ["Today", ["a", "b"]],
      ["Older", ["c"]],
    ]);
  });
});
