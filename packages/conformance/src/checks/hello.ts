/** `hello`: a full agent's `session` hello names the protocol version and the session, and a fresh session is empty. */
import { PROTOCOL_VERSION } from "@interject/protocol";
import { type Check, fail, pass } from "../check.ts";
import { openFull } from "./helpers.ts";

export const hello: Check = {
  id: "hello",
  title: 'a "session" hello with the protocol version, at once',
  basic: { notApplicable: "a basic agent sends no hello: it is silent until prompted" },
  full: {
    required: true,
    run: async (context) => {
      const { hello, sessionId } = await openFull(context);
      if (hello.protocolVersion !== PROTOCOL_VERSION) {
        return fail(
          `protocol version ${hello.protocolVersion}; this suite checks version ${PROTOCOL_VERSION}`,
        );
      }
      if (hello.sessionId !== sessionId) {
        return fail(`the hello names session ${hello.sessionId}, not the ${sessionId} connected to`);
      }
      if (hello.resumed || hello.lastSeq !== 0 || hello.activeTurnId !== null) {
        return fail(
          `a new session's hello says resumed ${hello.resumed}, lastSeq ${hello.lastSeq}, activeTurnId ${hello.activeTurnId}; expected false, 0, null`,
        );
      }
      return pass(`protocol version ${hello.protocolVersion}, trace level ${hello.traceLevel}`);
    },
  },
};
