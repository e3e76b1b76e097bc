/**
 * What issue 16's content features add to one conversation's screen, gathered so the chat page hooks them in
 * with a few props: files (the tray, the attach button, drop and paste, sent with the prompt), feedback on
 * each answer (in its footer and under its trace), and the export-and-share dialog (in the header).
 */
import type { ChatConnection, TurnView } from "@interject/chat-client";
import { useCallback, useState } from "react";
import { AttachButton } from "../attachments/attach-button.tsx";
import { AttachmentTrayView } from "../attachments/attachment-tray.tsx";
import { useAttachmentTray } from "../attachments/use-attachment-tray.ts";
import { useFileDrop } from "../attachments/use-file-drop.ts";
import { FeedbackControl } from "../feedback/feedback-control.tsx";
import { FeedbackSummary } from "../feedback/feedback-summary.tsx";
import { useFeedback } from "../feedback/use-feedback.ts";
import { ShareDialog } from "../share/share-dialog.tsx";

const ENDED = new Set<TurnView["status"]>(["complete", "interrupted", "error"]);

export interface ContentFeatureOptions {
  title: string;
  branchId?: string | undefined;
  /** False for an agent that reads text only (a basic one): no attach button, no drop or paste of files. */
  readsFiles: boolean;
}

export function useContentFeatures(conversationId: string, options: ContentFeatureOptions) {
  const { title, branchId, readsFiles } = options;
  const tray = useAttachmentTray();
  const drop = useFileDrop(tray.add);
  const feedback = useFeedback(conversationId);
  const [sharing, setSharing] = useState(false);
  const byTurn = feedback.data;

  const renderActions = useCallback(
    (turn: TurnView) =>
      turn.turnId && ENDED.has(turn.status) ? (
        <FeedbackControl
          conversationId={conversationId}
          turnId={turn.turnId}
          feedback={byTurn?.get(turn.turnId)}
        />
      ) : null,
    [conversationId, byTurn],
  );

  /** Sends the prompt with the files in the tray, and empties it. */
  const sendWithFiles = useCallback(
    (session: ChatConnection, text: string) => {
      session.sendPrompt(text, tray.ready);
      tray.clear();
    },
    [tray.ready, tray.clear],
  );

  return {
    sendWithFiles,
    // Files already in the tray stay visible (and removable) if the agent proves to read text only.
    composerProps: {
      above: <AttachmentTrayView tray={tray} />,
      ...(readsFiles ? { tools: <AttachButton onFiles={tray.add} />, onPaste: drop.onPaste } : {}),
      busy: tray.uploading,
    },
    dropAreaProps: readsFiles ? { ...drop.dropHandlers, "data-dragging": drop.dragging } : {},
    renderActions,
    traceFooter: (turn: TurnView | undefined) => {
      const given = turn?.turnId ? byTurn?.get(turn.turnId) : undefined;
      return given ? <FeedbackSummary feedback={given} /> : null;
    },
    shareButton: (
      <>
        <button type="button" className="button small ghost" onClick={() => setSharing(true)}>
          Export / share
        </button>
        <ShareDialog
          conversationId={conversationId}
          title={title}
          branchId={branchId}
          open={sharing}
          onClose={() => setSharing(false)}
        />
      </>
    ),
  };
}
