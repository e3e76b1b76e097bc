/**
 * Shown in the conversation, in place of the composer, once the connection has ended for good: the broker
 * said the sign-in ended (signed out here or elsewhere, disabled by an admin, password changed elsewhere) or
 * the conversation is gone (deleted in another tab). It says why and offers the one thing to do next: sign
 * in again (and come back here), or start a new conversation. The transcript above stays readable.
 */
import type { ConnectionProblem } from "@interject/chat-client";
import { Link, useLocation } from "react-router";
import { signInPath } from "../auth/return-path.ts";

export function ConversationEnded({ problem }: { problem: ConnectionProblem }) {
  const location = useLocation();
  return (
    <div className="conversation-ended" role="alert">
      <p>{problem.message}</p>
      {problem.kind === "session_expired" ? (
        <Link className="button primary" to={signInPath(location.pathname, "signed_out")}>
          Sign in again
        </Link>
      ) : (
        <Link className="button" to="/">
          Start a new conversation
        </Link>
      )}
    </div>
  );
}
