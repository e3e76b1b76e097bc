/**
 * With BENCH_TRACE=1 the bench records a Chrome trace of each run (Playwright's `browser.startTracing`) and
 * prints, for each of the longest main-thread tasks, where its time went: self time by trace event name
 * (Layout, UpdateLayoutTree, Paint, FunctionCall, V8.GC_*, ...). CPU profiles only see JavaScript; this
 * shows the native work (style, layout, paint, garbage collection) that long tasks are often made of.
 */

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  args?: { name?: string; data?: { isLoadingMainFrame?: boolean; documentLoaderURL?: string } };
}

/** A top-level task: its name depends on which categories are recorded. */
const isTask = (e: TraceEvent) => e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask";

/** Self time (µs) by event name of the complete events inside [start, end) on one thread. */
function selfTimes(events: TraceEvent[], start: number, end: number): Map<string, number> {
  const inside = events
    .filter((e) => e.ph === "X" && e.dur !== undefined && e.ts >= start && e.ts < end)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { event: TraceEvent; end: number }[] = [];
  for (const event of inside) {
    while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= event.ts) stack.pop();
    const parent = stack.at(-1);
    const dur = event.dur ?? 0;
    self.set(event.name, (self.get(event.name) ?? 0) + dur);
    if (parent) self.set(parent.event.name, (self.get(parent.event.name) ?? 0) - dur);
    stack.push({ event, end: event.ts + dur });
  }
  return self;
}

/**
 * Prints the longest `count` tasks over `minMs` that start at or after `fromMs` (ms after navigation),
 * with their biggest self-time items.
 */
export function printTraceSummary(label: string, trace: Buffer, fromMs: number, minMs = 40, count = 6): void {
  const { traceEvents } = JSON.parse(trace.toString("utf8")) as { traceEvents: TraceEvent[] };
  // The page's own navigation (not about:blank's): the main frame's navigationStart for an http URL. It
  // happens on the renderer's main thread, which gives the thread too.
  const navigation = traceEvents.find(
    (e) =>
      e.name === "navigationStart" &&
      e.args?.data?.isLoadingMainFrame &&
      e.args.data.documentLoaderURL?.startsWith("http"),
  );
  if (!navigation) {
    console.log(`${label}: no page navigation in the trace`);
    return;
  }
  const origin = navigation.ts;
  const thread = traceEvents.filter((e) => e.pid === navigation.pid && e.tid === navigation.tid);
  const tasks = thread
    .filter((e) => e.ph === "X" && isTask(e) && (e.dur ?? 0) >= minMs * 1000)
    .filter((e) => (e.ts - origin) / 1000 >= fromMs)
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, count);
  console.log(`${label}: ${tasks.length} main-thread tasks of ${minMs} ms or more (trace)`);
  for (const task of tasks) {
    const dur = task.dur ?? 0;
    const items = [...selfTimes(thread, task.ts, task.ts + dur)]
      .filter(([, time]) => time >= 1000)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, time]) => `${name} ${(time / 1000).toFixed(1)}`);
    console.log(
      `  at ${((task.ts - origin) / 1000).toFixed(0)} ms, ${(dur / 1000).toFixed(1)} ms: ${items.join(", ")}`,
    );
  }
}
