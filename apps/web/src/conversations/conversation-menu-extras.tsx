/**
 * The conversation menu's Export and Share (issue 16 point 4): a download as Markdown or JSON (the branch
 * used last first, then every other branch), and the share dialog (make, list and revoke read-only links),
 * shown by the app shell's host once the menu has closed.
 */
import type { Conversation } from "../api/types.ts";
import { exportConversation } from "../share/export-conversation.ts";
import { openShareDialog } from "../share/share-dialog-host.tsx";
import { MenuItem } from "../ui/menu.tsx";

export function ConversationMenuExtras(props: { conversation: Conversation; close: () => void }) {
  const { conversation, close } = props;
  return (
    <>
      <MenuItem
        onSelect={() => {
          close();
          exportConversation(conversation.id, "markdown");
        }}
      >
        Export as Markdown
      </MenuItem>
      <MenuItem
        onSelect={() => {
          close();
          exportConversation(conversation.id, "json");
        }}
      >
        Export as JSON
      </MenuItem>
      <MenuItem
        onSelect={() => {
          close();
          openShareDialog({ conversationId: conversation.id, title: conversation.title || "Untitled" });
        }}
      >
        Share…
      </MenuItem>
    </>
  );
}
