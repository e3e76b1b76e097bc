/**
 * The benchmark page: one conversation streamed over a real WebSocket by the real ChatSession, rendered
 * either through the app's real answer renderer (`?mode=markdown`: TurnItem + Streamdown, in the
 * transcript) or as plain appended text (`?mode=plain`). It records long tasks and exposes the result on
 * `window.__bench` for the Playwright runner.
 */
import { ChatSession } from "@interject/chat-client";
import { StrictMode, useEffect, useRef } from "react";
import { createRoot } from "react-dom/client";
import { Transcript } from "../src/chat/transcript.tsx";
import { useSessionSnapshot } from "../src/chat/use-session-snapshot.ts";
import { warmUpRenderer } from "../src/chat/warm-up.tsx";
import "../src/ui/styles.css";

interface BenchResult {
  ready: boolean;
  done: boolean;
  chars: number;
  chunks: number;
  /** Every long task since navigation started, as [start ms after navigation, duration ms]. */
  longTasks: [number, number][];
  /** When the page's first render had committed: the end of page load (ms after navigation). */
  mountedAt: number;
  /** When the page had connected (ms after navigation). */
  readyAt: number;
  /** When the prompt was sent (ms after navigation). */
  startedAt: number;
  elapsedMs: number;
  /** Code blocks on the page at the end, and how many of them Shiki had coloured. */
  codeBlocks: number;
  highlighted: number;
  /** Elements in the document at the end: what style, layout and paint work through. */
  elements: number;
  /** Section headings received and shown on the page: the whole answer was rendered, not only received. */
  headings: { arrived: number; shown: number };
  /** The longest wait between a heading arriving and it showing on the page. */
  lagMs: number;
  /** The median of those waits, and which heading (1-based) waited longest. */
  medianLagMs: number;
  worstLagHeading: number;
  /** From the last chunk until the page showed the whole answer (Infinity: not within 30 s). */
  caughtUpMs: number;
}

declare global {
  interface Window {
    __bench: BenchResult;
    __startBench: () => void;
  }
}

const mode = new URLSearchParams(location.search).get("mode") === "plain" ? "plain" : "markdown";
const result: BenchResult = {
  ready: false,
  done: false,
  chars: 0,
  chunks: 0,
  longTasks: [],
  mountedAt: 0,
  readyAt: 0,
  startedAt: 0,
  elapsedMs: 0,
  codeBlocks: 0,
  highlighted: 0,
  elements: 0,
  headings: { arrived: 0, shown: 0 },
  lagMs: 0,
  medianLagMs: 0,
  worstLagHeading: 0,
  caughtUpMs: 0,
};
window.__bench = result;

// Buffered, so the tasks of the page load itself (bundle evaluation, first render) count too.
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    result.longTasks.push([Math.round(entry.startTime), Math.round(entry.duration)]);
  }
}).observe({ type: "longtask", buffered: true });

const session = new ChatSession({
  getConnectionUrl: async () => {
    const response = await fetch("/mint");
    return {
      url: await response.text(),
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      sessionId: "bench",
    };
  },
});

const SETTLE_MS = 1000;
const CATCH_UP_LIMIT_MS = 30_000;

/**
 * When each section heading arrived in the stream and when it appeared on the page: how far the display
 * lags behind the answer. A renderer that falls behind would otherwise look fast, having done less.
 */
const arrived: number[] = [];
const shown: number[] = [];
let scannedTo = 0;
let completedAt = 0;

function noteArrivals(text: string, now: number): void {
  for (let at = text.indexOf("## ", scannedTo); at !== -1; at = text.indexOf("## ", at + 3)) {
    if (at === 0 || text[at - 1] === "\n") arrived.push(now);
  }
  scannedTo = Math.max(scannedTo, text.length - 2);
}

const headings = document.getElementsByTagName("h2");
function watchRendering(): void {
  const now = performance.now();
  while (shown.length < headings.length) shown.push(now);
  if (completedAt > 0 && (mode === "plain" || shown.length >= arrived.length)) {
    result.caughtUpMs = now - completedAt;
    setTimeout(finish, SETTLE_MS);
  } else if (completedAt > 0 && now - completedAt > CATCH_UP_LIMIT_MS) {
    result.caughtUpMs = Number.POSITIVE_INFINITY;
    finish();
  } else requestAnimationFrame(watchRendering);
}

session.subscribe(() => {
  const now = performance.now();
  if (session.getSnapshot().connection.status === "ready" && !result.ready) {
    result.ready = true;
    result.readyAt = now;
  }
  const turn = session.getSnapshot().chat.turns[0];
  if (!turn) return;
  result.chars = turn.text.length;
  noteArrivals(turn.text, now);
  if (turn.status === "complete" && completedAt === 0) {
    completedAt = now;
    result.elapsedMs = now - result.startedAt;
  }
});

function finish() {
  const bodies = document.querySelectorAll('[data-streamdown="code-block-body"]');
  result.codeBlocks = bodies.length;
  result.elements = document.getElementsByTagName("*").length;
  // Shiki's token colours arrive as CSS variables on the token spans.
  result.highlighted = [...bodies].filter((body) => body.querySelector('span[style*="--sdm-c"]')).length;
  result.headings = { arrived: arrived.length, shown: shown.length };
  const lags = shown.map((time, index) => time - (arrived[index] ?? time));
  result.lagMs = Math.max(0, ...lags);
  result.medianLagMs = [...lags].sort((a, b) => a - b)[Math.floor(lags.length / 2)] ?? 0;
  result.worstLagHeading = lags.indexOf(result.lagMs) + 1;
  result.done = true;
}

/** The baseline: each chunk appended to a <pre> as a text node, with no Markdown and no re-render. */
function Plain() {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    let shown = 0;
    return session.subscribe(() => {
      const text = session.getSnapshot().chat.turns[0]?.text ?? "";
      if (text.length > shown && ref.current) {
        ref.current.append(text.slice(shown));
        shown = text.length;
      }
    });
  }, []);
  return <pre ref={ref} className="plain-answer" />;
}

function Bench() {
  useEffect(() => {
    if (result.mountedAt === 0) result.mountedAt = performance.now();
  }, []);
  return mode === "plain" ? <Plain /> : <Chat />;
}

/** The chat's transcript, reading the session as the chat does (use-chat-session.ts). */
function Chat() {
  const snapshot = useSessionSnapshot(session);
  return (
    <div className="chat" style={{ height: "100vh" }}>
      <div className="chat-main">
        <Transcript turns={snapshot.chat.turns} selectedKey={null} />
      </div>
    </div>
  );
}

window.__startBench = () => {
  result.startedAt = performance.now();
  session.sendPrompt("Write the long answer.");
  requestAnimationFrame(watchRendering);
};

warmUpRenderer();
session.start();
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Bench />
    </StrictMode>,
  );
}
