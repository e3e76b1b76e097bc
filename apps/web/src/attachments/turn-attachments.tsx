/**
 * The files a prompt carried, under it in the transcript: images as thumbnails that open the file, documents
 * as links that download it (the broker serves them to their owner and to administrators only). Without
 * links (a shared conversation, whose readers may not read the files) they are named only.
 */
import type { AttachmentView } from "@interject/chat-client";
import { ATTACHMENT_TYPES, type AttachmentMediaType, formatBytes } from "@interject/protocol";
import { createContext, useContext } from "react";
import { brokerApi } from "../api/broker-api.ts";

/** Whether files link to their bytes: off where the reader may not read them (a shared conversation). */
export const AttachmentLinks = createContext(true);

function describe(file: AttachmentView): string {
  const type = ATTACHMENT_TYPES[file.mediaType as AttachmentMediaType];
  return [type?.label, file.size === undefined ? undefined : formatBytes(file.size)]
    .filter(Boolean)
    .join(", ");
}

export function TurnAttachments({ files }: { files: readonly AttachmentView[] }) {
  const linked = useContext(AttachmentLinks);
  if (files.length === 0) return null;
  return (
    <ul className="turn-files" aria-label="Attached files">
      {files.map((file) => {
        const name = file.name ?? "Attached file";
        const url = brokerApi.attachmentUrl(file.id);
        const image = ATTACHMENT_TYPES[file.mediaType as AttachmentMediaType]?.kind === "image";
        const about = describe(file);
        return (
          <li key={file.id} className="file-chip" data-kind={image ? "image" : "document"}>
            {linked && image ? (
              <a href={url} target="_blank" rel="noopener" title={`${name}${about ? ` (${about})` : ""}`}>
                <img src={url} alt={name} className="file-thumb" loading="lazy" />
              </a>
            ) : linked ? (
              <a href={url} download={name}>
                {name}
              </a>
            ) : (
              <span>{name}</span>
            )}
            {about && !(linked && image) ? <span className="muted"> · {about}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
