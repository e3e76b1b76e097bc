/**
 * The page after sign-in (`/`): the message box ready, the agent picker's slot and a few starter prompts.
 * Nothing is stored until the first message: it creates the conversation (titled after it) and the chat
 * for it sends the message as soon as its connection exists (queued-prompt.ts).
 */
import { useState } from "react";
import { useNavigate } from "react-router";
import { describeApiError } from "../api/api-error.ts";
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

  function start(text: string) {
    setFailed(null);
    create.mutate(autoTitle(text), {
      onSuccess: ({ conversation }) => {
        queuePrompt(conversation.id, undefined, { text });
        navigate(`/c/${encodeURIComponent(conversation.id)}`);
      },
      onError: () => setFailed(text),
    });
  }

  return (
    <div className="new-chat">
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
      />
    </div>
  );
}
