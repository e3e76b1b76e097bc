/**
 * For administrators: marks a turn the broker stored from the browser's report rather than the agent's (an
 * agent at the basic protocol level reports nothing itself, so what is stored is what the browser saw).
 */
export function ReportedByBrowserBadge() {
  return (
    <span className="badge" title="The agent reports nothing itself; the browser reported this turn.">
      Reported by the browser
    </span>
  );
}
