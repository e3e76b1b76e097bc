/**
 * The page after sign-in (`/`): the message box ready, the agent picker (when there is a choice) and a few
 * starter prompts.
 * Nothing is stored until the first message: it creates the conversation (titled after it) and the chat
 * for it sends the message as soon as its connection exists (queued-prompt.ts), with the files attached and the
 * agent picked here. Voice, beside the message box, creates the conversation at once and opens it with the
 * microphone on. An agent registered as basic reads text only: for it there is no attach button, no drop or
 * paste of files, and no voice.
 */
import { useState } from "react";
import { useNavigate } from "react-router";
import { AgentPicker, chosenAgent } from "../agents/agent-picker.tsx";
import { useAgents } from "../agents/use-agents.ts";
import { describeApiError } from "../api/api-error.ts";
import { AttachButton } from "../attachments/attach-button.tsx";
import { AttachmentTrayView } from "../attachments/attachment-tray.tsx";
import { useAttachmentTray } from "../attachments/use-attachment-tray.ts";
import { useFileDrop } from "../attachments/use-file-drop.ts";
import { autoTitle } from "../conversations/use-conversation-title.ts";
import { useCreateConversation } from "../conversations/use-conversations.ts";
import { StartVoiceButton } from "../voice/start-voice-button.tsx";
import { START_VOICE } from "../voice/voice-autostart.ts";
import { Composer } from "./composer.tsx";
import { queuePrompt } from "./queued-prompt.ts";
import { StarterPrompts } from "./starter-prompts.tsx";

export function NewChat() {
  const create = useCreateConversation();
  const navigate = useNavigate();
  /** What to try again after creating the conversation failed. */
  const [failed, setFailed] = useState<(() => void) | null>(null);
  const [agentId, setAgentId] = useState<string>();
  const tray = useAttachmentTray();
  const drop = useFileDrop(tray.add);
  const agents = useAgents();
  const textOnly = chosenAgent(agents.data ?? [], agentId)?.protocolLevel === "basic";

  function start(text: string) {
    setFailed(null);
    create.mutate(
      { title: autoTitle(text), ...(agentId ? { agentId } : {}) },
      {
        onSuccess: ({ conversation }) => {
          const files = tray.ready;
          queuePrompt(conversation.id, undefined, {
            text,
            ...(files.length > 0 ? { attachments: files } : {}),
          });
          tray.clear();
          navigate(`/c/${encodeURIComponent(conversation.id)}`);
        },
        onError: () => setFailed(() => () => start(text)),
      },
    );
  }

  /** Voice before any message: the conversation is made now and opens with the microphone on. */
  function startVoice() {
    setFailed(null);
    create.mutate(
      { title: "Voice conversation", ...(agentId ? { agentId } : {}) },
      {
        onSuccess: ({ conversation }) =>
          navigate(`/c/${encodeURIComponent(conversation.id)}`, { state: START_VOICE }),
        onError: () => setFailed(() => startVoice),
      },
    );
  }

  return (
    <div className="new-chat" {...(textOnly ? {} : { ...drop.dropHandlers, "data-dragging": drop.dragging })}>
      <div className="new-chat-intro">
        <h1>What can I help with?</h1>
        <AgentPicker value={agentId} onChange={setAgentId} disabled={create.isPending} />
        <StarterPrompts onPick={start} disabled={create.isPending} />
      </div>
      {failed !== null ? (
        <div className="banner" data-tone="bad" role="alert">
          The conversation could not be started: {describeApiError(create.error)}{" "}
          <button type="button" className="button small" onClick={failed}>
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
        {...(textOnly
          ? {}
          : {
              tools: <AttachButton onFiles={tray.add} />,
              onPaste: drop.onPaste,
              extra: <StartVoiceButton disabled={create.isPending} onStart={startVoice} />,
            })}
        busy={tray.uploading}
      />
    </div>
  );
}
