/**
 * The benchmark page: one conversation streamed over a real WebSocket by the real ChatSession, rendered
 * either through the app's real answer renderer (`?mode=markdown`: TurnItem + Streamdown, in the
 * transcript) or as plain appended text (`?mode=plain`). It records long tasks and exposes the result on
 * `window.__bench` for the Playwright runner.
 */
import { ChatSession } from "@interject/chat-client";
import { StrictMode, useEffect, useRef, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import { subscribeByFrame } from "../src/chat/frame-subscribe.ts";
import { Transcript } from "../src/chat/transcript.tsx";
import { warmUpRenderer } from "../src/chat/warm-up.ts";
import "../src/ui/styles.css";

interface BenchResult {
  ready: boolean;
  done: boolean;
  chars: number;
  chunks: number;
  longTasks: number[];
  /** The three longest tasks as [ms after the stream started, duration]. */
  worst: [number, number][];
  elapsedMs: number;
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
  worst: [],
  elapsedMs: 0,
};
window.__bench = result;

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    result.longTasks.push(entry.duration);
    result.worst.push([Math.round(entry.startTime - started), Math.round(entry.duration)]);
    result.worst.sort((a, b) => b[1] - a[1]);
    result.worst.length = Math.min(result.worst.length, 3);
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

let started = 0;
const noSubscription = () => () => {};
const byFrame = subscribeByFrame(session.subscribe);
session.subscribe(() => {
  if (session.getSnapshot().connection.status === "ready") result.ready = true;
  const turn = session.getSnapshot().chat.turns[0];
  if (!turn) return;
  result.chars = turn.text.length;
  if (turn.status === "complete" && !result.done) {
    result.elapsedMs = performance.now() - started;
    // Let the last render land before declaring the run over.
    requestAnimationFrame(() => setTimeout(() => (result.done = true), 50));
  }
});

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
  const snapshot = useSyncExternalStore(
    mode === "plain" ? noSubscription : session.subscribe,
    session.getSnapshot,
  );
  if (mode === "plain") return <Plain />;
  return (
    <div className="chat" style={{ height: "100vh" }}>
      <div className="chat-main">
        <Transcript turns={snapshot.chat.turns} selectedKey={null} />
      </div>
    </div>
  );
}

window.__startBench = () => {
  started = performance.now();
  session.sendPrompt("Write the long answer.");
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
