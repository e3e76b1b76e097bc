/**
 * Downloading a conversation as Markdown or JSON: the broker writes the file (with its name); the browser
 * follows a download link to it. For the chat's share dialog and the sidebar's per-item menu alike. The file
 * shows `branch` (the one on screen; the one used last when not given) and every other branch after it.
 */
import { brokerApi } from "../api/broker-api.ts";
import type { ExportFormat } from "../api/types.ts";

export function exportConversation(conversationId: string, format: ExportFormat, branch?: string): void {
  const link = document.createElement("a");
  link.href = brokerApi.exportUrl(conversationId, format, branch);
  link.download = "";
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
}
