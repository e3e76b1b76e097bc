/**
 * Downloading a conversation as Markdown or JSON: the broker writes the file (with its name); the browser
 * follows a download link to it. For the chat's share dialog and the sidebar's per-item menu alike.
 */
import { brokerApi } from "../api/broker-api.ts";
import type { ExportFormat } from "../api/types.ts";

export function exportConversation(conversationId: string, format: ExportFormat): void {
  const link = document.createElement("a");
  link.href = brokerApi.exportUrl(conversationId, format);
  link.download = "";
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
}
