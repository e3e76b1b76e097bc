/**
 * The benchmark page: one conversation streamed over a real WebSocket by the real ChatSession, rendered
 * either through the app's real answer renderer (`?mode=markdown`: TurnItem + Streamdown, in the
 * transcript) or as plain appended text (`?mode=plain`). It records long tasks and exposes the result on
 * `window.__bench` for the Playwright runner.
 */
import { ChatSession, type ChatSnapshot } from "@interject/chat-client";
import { StrictMode, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import { Transcript } from "../src/chat/transcript.tsx";
import "../src/ui/styles.css";

interface BenchResult {
  ready: boolean;
  done: boolean;
  chars: number;
  chunks: number;
  longTasks: number[];
  elapsedMs: number;
}

declare global {
  interface Window {
    __bench: BenchResult;
    __startBench: () => void;
  }
}

const mode = new URLSearchParams(location.search).get("mode") === "plain" ? "plain" : "markdown";
const result: BenchResult = { ready: false, done: false, chars: 0, chunks: 0, longTasks: [], elapsedMs: 0 };
window.__bench = result;

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) result.longTasks.push(entry.duration);
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

function Plain({ snapshot }: { snapshot: ChatSnapshot }) {
  const turn = snapshot.chat.turns[0];
  return <pre className="plain-answer">{turn?.text ?? ""}</pre>;
}

function Bench() {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  if (mode === "plain") return <Plain snapshot={snapshot} />;
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

session.start();
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Bench />
    </StrictMode>,
  );
}
