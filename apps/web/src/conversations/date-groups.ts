/**
 * The sidebar's groups by when a conversation was last active, in the reader's own time zone: Today,
 * Yesterday, Previous 7 days, Previous 30 days, then Older. Items keep their order (most recent first).
 */
export const DATE_GROUPS = ["Today", "Yesterday", "Previous 7 days", "Previous 30 days", "Older"] as const;
export type DateGroup = (typeof DATE_GROUPS)[number];

const DAY_MS = 86_400_000;

function startOfDay(at: Date): number {
  return new Date(at.getFullYear(), at.getMonth(), at.getDate()).getTime();
}

export function dateGroupOf(updatedAt: string, now: Date): DateGroup {
  const today = startOfDay(now);
  const at = Date.parse(updatedAt);
  if (at >= today) return "Today";
  // Whole calendar days back, counted on local midnights (a day with a clock change is 23 or 25 hours).
  const days = Math.round((today - startOfDay(new Date(at))) / DAY_MS);
  if (days <= 1) return "Yesterday";
  if (days <= 7) return "Previous 7 days";
  if (days <= 30) return "Previous 30 days";
  return "Older";
}

export function groupByDate<T extends { updatedAt: string }>(
  items: readonly T[],
  now: Date,
): Array<{ group: DateGroup; items: T[] }> {
  const groups = new Map<DateGroup, T[]>();
  for (const item of items) {
    const group = dateGroupOf(item.updatedAt, now);
    const list = groups.get(group) ?? [];
    list.push(item);
    groups.set(group, list);
  }
  return DATE_GROUPS.flatMap((group) => {
    const list = groups.get(group);
    return list ? [{ group, items: list }] : [];
  });
}
