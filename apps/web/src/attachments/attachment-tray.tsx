/**
 * The files waiting under the message box: a preview of each (the image itself once uploaded, else its
 * name), its state, why it was refused, and a button that removes it before sending.
 */
import { brokerApi } from "../api/broker-api.ts";
import type { AttachmentTray } from "./use-attachment-tray.ts";

export function AttachmentTrayView({ tray }: { tray: AttachmentTray }) {
  if (tray.items.length === 0) return null;
  return (
    <ul className="attachment-tray" aria-label="Files to send">
      {tray.items.map((item) => (
        <li key={item.key} className="file-chip" data-status={item.status}>
          {item.uploaded?.mediaType.startsWith("image/") ? (
            <img src={brokerApi.attachmentUrl(item.uploaded.id)} alt={item.name} className="file-thumb" />
          ) : null}
          <span className="file-name">{item.name}</span>
          {item.status === "uploading" ? <span className="muted"> · uploading…</span> : null}
          {item.uploaded?.pages ? (
            <span className="muted">
              {" "}
              · {item.uploaded.pages} page{item.uploaded.pages === 1 ? "" : "s"}
            </span>
          ) : null}
          {item.error ? (
            <span className="form-error" role="alert">
              {item.error}
            </span>
          ) : null}
          <button
            type="button"
            className="button small ghost"
            aria-label={`Remove ${item.name}`}
            onClick={() => tray.remove(item.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
