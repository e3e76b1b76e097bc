/**
 * What the trace pane says for an agent at the basic protocol level, in place of an empty pane: such an agent
 * (the AgentCore articles' kind) sends its answers and nothing else, so there is no trace to wait for.
 */
export function NoTracesNote() {
  return (
    <p className="muted" data-testid="no-traces">
      This agent sends no traces: it speaks the basic protocol level, which carries its answers and nothing
      else.
    </p>
  );
}
