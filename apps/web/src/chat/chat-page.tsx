/**
 * One conversation (`/c/:conversationId`, `?branch=` for a branch other than the one used last): that
 * branch's history from the broker, then a live connection straight to its runtime session. Transcript on the
 * left (edit any message, retry the last answer, switch between versions), the trace pane of the selected
 * answer on the right (closed by default on a phone, where it opens as a sheet), the connection state in
 * the header, the composer at the bottom (or, once the connection has ended for good, why it ended and what
 * to do).
 */
import { activeTurn, type TurnView } from "@interject/chat-client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { describeApiError } from "../api/api-error.ts";
import { conversationQueries } from "../conversations/conversation-queries.ts";
import { useConversationTitle } from "../conversations/use-conversation-title.ts";
import { TracePane } from "../trace/trace-pane.tsx";
import { ErrorState } from "../ui/error-state.tsx";
import { useNow } from "../ui/use-now.ts";
import { useOnline } from "../ui/use-online.ts";
import { useVoice } from "../voice/use-voice.ts";
import { useVoiceAutostart } from "../voice/voice-autostart.ts";
import { VoiceButton } from "../voice/voice-button.tsx";
import { VoicePanel } from "../voice/voice-panel.tsx";
import { Announcer } from "./announcer.tsx";
import { Composer } from "./composer.tsx";
import { ConnectionIndicator, ConnectionProblemBanner } from "./connection-indicator.tsx";
import { useContentFeatures } from "./content-features.tsx";
import { ConversationAgent } from "./conversation-agent.tsx";
import { ConversationEnded } from "./conversation-ended.tsx";
import { Transcript, turnKey } from "./transcript.tsx";
import { useBranching } from "./use-branching.ts";
import { useChatSession } from "./use-chat-session.ts";
import { useCopyLastAnswer } from "./use-copy-last-answer.ts";

/** Phones get the trace pane closed: it opens as a sheet over the chat. */
const narrow = () => globalThis.matchMedia?.("(max-width: 760px)").matches ?? false;

export function ChatPage() {
  const { conversationId = "" } = useParams();
  const [search] = useSearchParams();
  const branchParam = search.get("branch") ?? undefined;
  const history = useQuery(conversationQueries.history(conversationId, branchParam));
  const loaded = history.isPlaceholderData ? undefined : history.data;
  const { session, snapshot, sentFromQueue } = useChatSession(conversationId, loaded, branchParam);
  const voice = useVoice(session);
  // Voice travels on the full protocol only: a basic agent (or one whose level is not known yet) has none.
  const voiceable = snapshot.level === "full";
  useVoiceAutostart(voice, voiceable);
  const online = useOnline();
  const title = useConversationTitle(conversationId);
  const [selected, setSelected] = useState<string | null>(null);
  const [traceOpen, setTraceOpen] = useState(() => !narrow());
  const content = useContentFeatures(conversationId, {
    title: title ?? "Conversation",
    branchId: branchParam,
    // Files travel on the full protocol only; while the level is still unknown they are offered, and a basic
    // agent's session refuses a prompt with files, saying why.
    readsFiles: snapshot.level !== "basic",
  });
  const { turns } = snapshot.chat;
  const running = activeTurn(snapshot.chat);
  const streaming = running !== undefined;
  const selectedTurn: TurnView | undefined = turns.find((turn) => turnKey(turn) === selected) ?? turns.at(-1);
  const now = useNow(traceOpen && selectedTurn?.status === "streaming", 500);

  // When an answer ends, the sidebar's "last status" is stale: refresh the lists, a moment later, since the
  // agent reports the end to the broker asynchronously. Not once the connection has ended for good: signed
  // out, the refresh would answer 401 and take the reader away from the notice that says why.
  const queryClient = useQueryClient();
  const lastStatus = turns.at(-1)?.status;
  const ended = snapshot.connection.status === "failed" ? snapshot.connection.problem : null;
  useEffect(() => {
    if (ended) return;
    if (lastStatus !== "complete" && lastStatus !== "interrupted" && lastStatus !== "error") return;
    const timer = setTimeout(
      () => queryClient.invalidateQueries({ queryKey: conversationQueries.lists() }),
      1500,
    );
    return () => clearTimeout(timer);
  }, [lastStatus, queryClient, ended]);

  // Deleted elsewhere: the sidebar still lists it until its list is read again.
  const deleted = ended?.kind === "not_found";
  useEffect(() => {
    if (deleted) void queryClient.invalidateQueries({ queryKey: conversationQueries.lists() });
  }, [deleted, queryClient]);

  const stop = useCallback(() => session?.interrupt(), [session]);
  const send = useCallback(
    (text: string) => {
      if (!session) return;
      content.sendWithFiles(session, text);
      setSelected(null);
    },
    [session, content.sendWithFiles],
  );

  // The versions of each message, from the branch's history; a message just sent as a new version (an edit
  // or a retry) knows its own.
  const versions = useMemo(() => {
    const known = [...(loaded?.versions ?? [])];
    if (sentFromQueue?.versions) known[loaded?.history.turns.length ?? 0] = sentFromQueue.versions;
    return known;
  }, [loaded, sentFromQueue]);
  const branching = useBranching({
    conversationId,
    branchId: loaded?.branchId ?? null,
    turns,
    versions,
    stop: () => {
      session?.interrupt();
    },
  });
  const actions = useMemo(
    () => ({ onEdit: branching.onEdit, onRetry: branching.onRetry, onVersion: branching.onVersion }),
    [branching.onEdit, branching.onRetry, branching.onVersion],
  );
  const copied = useCopyLastAnswer(turns);

  const onSelect = useCallback((turn: TurnView) => {
    setSelected(turnKey(turn));
    setTraceOpen(true);
  }, []);

  useEffect(() => {
    if (!streaming) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) stop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [streaming, stop]);

  if (history.isError) {
    return (
      <ErrorState
        title="This conversation could not be loaded"
        error={history.error}
        retry={() => history.refetch()}
      />
    );
  }
  return (
    <div className="chat" data-trace-open={traceOpen}>
      <header className="chat-header">
        {/* One block on a phone: the title, and under it the agent and the connection (styles.css). */}
        <div className="chat-heading">
          <h1 className="chat-title">{title ?? "Conversation"}</h1>
          <div className="chat-subtitle">
            <ConversationAgent conversationId={conversationId} />
            <ConnectionIndicator state={snapshot.connection} online={online} />
          </div>
        </div>
        {content.shareButton}
        <button
          type="button"
          className="button small ghost"
          aria-expanded={traceOpen}
          aria-controls="trace-pane"
          onClick={() => setTraceOpen((open) => !open)}
        >
          {traceOpen ? "Hide trace" : "Show trace"}
        </button>
      </header>
      <ConnectionProblemBanner state={snapshot.connection} online={online} />
      {copied ? (
        <div className="banner" data-tone={copied === "copied" ? "good" : "warn"} role="status">
          {copied === "copied"
            ? "Copied the last answer."
            : copied === "failed"
              ? "The browser did not allow copying."
              : "There is no answer to copy yet."}
        </div>
      ) : null}
      {branching.error ? (
        <div className="banner" data-tone="bad" role="alert">
          This message could not be sent again: {describeApiError(branching.error)}
        </div>
      ) : null}
      {snapshot.chat.notice ? (
        <div className="banner" data-tone="warn" role="status">
          {snapshot.chat.notice.message}
        </div>
      ) : null}
      <div className="chat-body">
        <div className="chat-main" {...content.dropAreaProps}>
          {history.isPending ? (
            <p className="muted pad">Loading the conversation…</p>
          ) : (
            <Transcript
              turns={turns}
              versions={versions}
              actions={actions}
              selectedKey={traceOpen && selectedTurn ? turnKey(selectedTurn) : null}
              onSelect={onSelect}
              onAnswerApproval={(requestId, decision) => session?.answerApproval(requestId, decision)}
              renderActions={content.renderActions}
              empty={<p className="muted pad">Ask the agent anything to start.</p>}
            />
          )}
          {ended ? null : <VoicePanel voice={voice} />}
          {ended ? (
            <ConversationEnded problem={ended} />
          ) : (
            <Composer
              streaming={streaming}
              disabled={!session || history.isPlaceholderData || branching.busy}
              onSend={send}
              onStop={stop}
              {...content.composerProps}
              // A basic agent's prompt is its text alone: it gets no files, so none are offered.
              {...(snapshot.level === "basic" ? { tools: null } : {})}
              extra={<VoiceButton voice={voice} disabled={!session || !voiceable} />}
            />
          )}
        </div>
        {traceOpen ? (
          <aside id="trace-pane" className="chat-trace">
            <button
              type="button"
              className="button small ghost trace-close"
              aria-label="Close the trace"
              onClick={() => setTraceOpen(false)}
            >
              ×
            </button>
            <TracePane
              turn={selectedTurn}
              now={now}
              level={snapshot.level}
              footer={content.traceFooter(selectedTurn)}
            />
          </aside>
        ) : null}
      </div>
      <Announcer snapshot={snapshot} />
    </div>
  );
}
