/**
 * @interject/attachments: what an attached file is, checked the same way by the broker (on upload) and the
 * agent (before a model sees it). The accepted types and limits are @interject/protocol's.
 */
export { AttachmentError, type AttachmentProblem } from "./attachment-error.ts";
export {
  type AttachmentInfo,
  type InspectOptions,
  inspectAttachment,
  MAX_DOCUMENT_TEXT_CHARS,
} from "./inspect.ts";
export { decodeText } from "./sniff.ts";
