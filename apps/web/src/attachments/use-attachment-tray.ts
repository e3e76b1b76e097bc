/**
 * The files waiting to go with the next prompt. Each is uploaded to the broker as soon as it is added (so
 * sending is instant and a refused file is said at once); checked here first against the accepted types and
 * sizes (the broker checks its bytes), removable before sending (removing deletes the upload).
 */
import type { AttachmentView } from "@interject/chat-client";
import {
  ACCEPTED_TYPES_IN_WORDS,
  ATTACHMENT_TYPES,
  formatBytes,
  MAX_ATTACHMENTS_PER_PROMPT,
  MAX_DOCUMENTS_PER_REQUEST,
  maxBytesFor,
  mediaTypeForName,
} from "@interject/protocol";
import { useCallback, useRef, useState } from "react";
import { describeApiError } from "../api/api-error.ts";
import { brokerApi } from "../api/broker-api.ts";
import type { UploadedAttachment } from "../api/types.ts";

export interface TrayItem {
  key: string;
  name: string;
  status: "uploading" | "ready" | "failed";
  uploaded?: UploadedAttachment;
  error?: string;
}

/** Why a file cannot go, before any upload: its type by name, its size. */
function precheck(file: File): string | null {
  const type = mediaTypeForName(file.name);
  if (!type) return `${file.name} is not a type Interject accepts: attach ${ACCEPTED_TYPES_IN_WORDS}.`;
  const limit = maxBytesFor(type);
  if (file.size > limit)
    return `${file.name} is ${formatBytes(file.size)}; it may be at most ${formatBytes(limit)}.`;
  return null;
}

function isDocument(name: string): boolean {
  const type = mediaTypeForName(name);
  return type !== undefined && ATTACHMENT_TYPES[type].kind === "document";
}

export function useAttachmentTray() {
  const [items, setItems] = useState<TrayItem[]>([]);
  const next = useRef(0);
  const patch = useCallback(
    (key: string, change: Partial<TrayItem>) =>
      setItems((all) => all.map((item) => (item.key === key ? { ...item, ...change } : item))),
    [],
  );

  const add = useCallback(
    (files: Iterable<File>) => {
      const list = [...files];
      setItems((all) => {
        const going = all.filter((i) => i.status !== "failed");
        let room = MAX_ATTACHMENTS_PER_PROMPT - going.length;
        // A model request takes at most MAX_DOCUMENTS_PER_REQUEST documents (the agent refuses more): said here.
        let documentRoom = MAX_DOCUMENTS_PER_REQUEST - going.filter((i) => isDocument(i.name)).length;
        const added: TrayItem[] = list.map((file) => {
          const key = `file-${next.current++}`;
          let problem =
            room <= 0
              ? `${file.name}: a message may carry at most ${MAX_ATTACHMENTS_PER_PROMPT} files.`
              : precheck(file);
          if (!problem && isDocument(file.name) && documentRoom <= 0)
            problem = `${file.name}: a message may carry at most ${MAX_DOCUMENTS_PER_REQUEST} documents.`;
          if (!problem) {
            room--;
            if (isDocument(file.name)) documentRoom--;
          }
          if (problem) return { key, name: file.name, status: "failed", error: problem };
          brokerApi.uploadAttachment(file).then(
            ({ attachment }) => patch(key, { status: "ready", uploaded: attachment }),
            (error: unknown) => patch(key, { status: "failed", error: describeApiError(error) }),
          );
          return { key, name: file.name, status: "uploading" };
        });
        return [...all, ...added];
      });
    },
    [patch],
  );

  const remove = useCallback((key: string) => {
    setItems((all) => {
      const item = all.find((i) => i.key === key);
      // Best effort: a file never sent is swept by the broker after a day anyway.
      if (item?.uploaded) brokerApi.deleteAttachment(item.uploaded.id).catch(() => undefined);
      return all.filter((i) => i.key !== key);
    });
  }, []);

  /** The uploaded files, as the prompt and its optimistic turn name them. */
  const ready: AttachmentView[] = items.flatMap((item) =>
    item.uploaded
      ? [
          {
            id: item.uploaded.id,
            name: item.uploaded.name,
            mediaType: item.uploaded.mediaType,
            size: item.uploaded.size,
          },
        ]
      : [],
  );
  const clear = useCallback(() => setItems([]), []);
  return { items, ready, add, remove, clear, uploading: items.some((i) => i.status === "uploading") };
}

export type AttachmentTray = ReturnType<typeof useAttachmentTray>;
