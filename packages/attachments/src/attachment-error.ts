/** The one error an attachment check throws: a code for programs and a sentence, naming the file, for people. */
export type AttachmentProblem =
  | "empty"
  | "too_large"
  | "unsupported_type"
  | "mismatch"
  | "unreadable"
  /** The file could not be had (deleted, or the server unreachable): the one problem worth a retry. */
  | "unavailable";

export class AttachmentError extends Error {
  override name = "AttachmentError";
  constructor(
    readonly problem: AttachmentProblem,
    message: string,
  ) {
    super(message);
  }
}
