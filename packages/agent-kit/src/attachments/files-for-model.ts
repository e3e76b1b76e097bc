/**
 * Puts the conversation's files into the model's messages within what one Bedrock request may carry
 * (MAX_IMAGES_PER_REQUEST images, MAX_DOCUMENTS_PER_REQUEST documents): the current prompt's files always
 * (more than a request holds is the user's error, said plainly), then earlier prompts' files, newest first,
 * while room is left; an earlier file left out, or gone, is mentioned in its message instead.
 */
import { AttachmentError } from "@interject/attachments";
import {
  type AttachmentKind,
  type HistoryTurn,
  MAX_DOCUMENTS_PER_REQUEST,
  MAX_IMAGES_PER_REQUEST,
} from "@interject/protocol";
import type { ChatMessage } from "../models/provider.ts";
import type { LoadedAttachment } from "./attachment-source.ts";

const LIMIT: Record<AttachmentKind, number> = {
  image: MAX_IMAGES_PER_REQUEST,
  document: MAX_DOCUMENTS_PER_REQUEST,
};

/** Reads the current prompt's files; throws an AttachmentError the user is told when one is refused. */
export async function currentFiles(
  refs: readonly { id: string }[],
  read: (id: string) => Promise<LoadedAttachment>,
): Promise<LoadedAttachment[]> {
  const files = await Promise.all(refs.map((ref) => read(ref.id)));
  for (const kind of ["image", "document"] as const) {
    const n = files.filter((f) => f.kind === kind).length;
    if (n > LIMIT[kind]) {
      throw new AttachmentError(
        "too_large",
        `This message carries ${n} ${kind}s; a model takes at most ${LIMIT[kind]} ${kind}s in one request.`,
      );
    }
  }
  return files;
}

/**
 * Adds earlier prompts' files to the history messages (one user message per turn, in order), newest turn
 * first while the request has room. `messages` is what `historyMessages(history)` made of `history`.
 */
export async function withEarlierFiles(
  messages: ChatMessage[],
  history: readonly HistoryTurn[],
  current: readonly LoadedAttachment[],
  read: (id: string) => Promise<LoadedAttachment>,
): Promise<ChatMessage[]> {
  const room: Record<AttachmentKind, number> = { ...LIMIT };
  for (const file of current) room[file.kind]--;
  const out = [...messages];
  let userIndex = out.length;
  for (let t = history.length - 1; t >= 0; t--) {
    // The user message of turn t is the (t+1)-th user message.
    do userIndex--;
    while (userIndex >= 0 && out[userIndex]?.role !== "user");
    const refs = history[t]?.attachments ?? [];
    const message = out[userIndex];
    if (refs.length === 0 || message?.role !== "user") continue;
    const files: LoadedAttachment[] = [];
    let left = 0;
    let gone = 0;
    for (const ref of refs) {
      let file: LoadedAttachment;
      try {
        file = await read(ref.id);
      } catch {
        gone++;
        continue;
      }
      if (room[file.kind] <= 0) {
        left++;
        continue;
      }
      room[file.kind]--;
      files.push(file);
    }
    const notes = [
      left > 0
        ? `[${left} file(s) sent with this message are not repeated: the request has no room left.]`
        : "",
      gone > 0 ? `[${gone} file(s) sent with this message are no longer available.]` : "",
    ].filter(Boolean);
    out[userIndex] = {
      role: "user",
      text: [message.text, ...notes].join("\n"),
      ...(files.length > 0 ? { attachments: files } : {}),
    };
  }
  return out;
}
