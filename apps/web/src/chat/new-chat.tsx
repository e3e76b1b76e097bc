/**
 * The page after sign-in (`/`): the message box ready, the agent picker's slot and a few starter prompts.
 * Nothing is stored until the first message: it creates the conversation (titled after it) and the chat
 * for it sends the message as soon as its connection exists (queued-prompt.ts), with the files attached here.
 */
import { useState } from "react";
import { useNavigate } from "react-router";
import { describeApiError } from "../api/api-error.ts";
import { AttachButton } from "../attachments/attach-button.tsx";
import { AttachmentTrayView } from "../attachments/attachment-tray.tsx";
import { useAttachmentTray } from "../attachments/use-attachment-tray.ts";
import { useFileDrop } from "../attachments/use-file-drop.ts";
import { autoTitle } from "../conversations/use-conversation-title.ts";
import { useCreateConversation } from "../conversations/use-conversations.ts";
import { AgentPickerSlot } from "./agent-picker-slot.tsx";
import { Composer } from "./composer.tsx";
import { queuePrompt } from "./queued-prompt.ts";
import { StarterPrompts } from "./starter-prompts.tsx";

export function NewChat() {
  const create = useCreateConversation();
  const navigate = useNavigate();
  const [failed, setFailed] = useState<string | null>(null);
  const tray = useAttachmentTray();
  const drop = useFileDrop(tray.add);

  function start(text: string) {
    setFailed(null);
    create.mutate(autoTitle(text), {
      onSuccess: ({ conversation }) => {
        const files = tray.ready;
        queuePrompt(conversation.id, undefined, {
          text,
          ...(files.length > 0 ? { attachments: files } : {}),
        });
        tray.clear();
        navigate(`/c/${encodeURIComponent(conversation.id)}`);
      },
      onError: () => setFailed(text),
    });
  }

  return (
    <div className="new-chat" {...drop.dropHandlers} data-dragging={drop.dragging}>
      <div className="new-chat-intro">
        <h1>What can I help with?</h1>
        <AgentPickerSlot onAgent={() => undefined} />
        <StarterPrompts onPick={start} disabled={create.isPending} />
      </div>
      {failed !== null ? (
        <div className="banner" data-tone="bad" role="alert">
          The conversation could not be started: {describeApiError(create.error)}{" "}
          <button type="button" className="button small" onClick={() => start(failed)}>
            Try again
          </button>
        </div>
      ) : null}
      <Composer
        streaming={false}
        disabled={create.isPending}
        onSend={start}
        onStop={() => undefined}
        autoFocus
        above={<AttachmentTrayView tray={tray} />}
        tools={<AttachButton onFiles={tray.add} />}
        onPaste={drop.onPaste}
        busy={tray.uploading}
      />
    </div>
  );
}
