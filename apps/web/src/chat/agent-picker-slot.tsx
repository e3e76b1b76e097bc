/**
 * SLOT for the agent picker (issue 14, built by the registry work on branch h14-registry: `GET /api/agents`
 * and its picker component). Until that is merged there is one agent, so nothing is shown. When it lands,
 * render the picker here and pass its choice to `onAgent`: the new-chat screen sends it as `agentId` with
 * `POST /api/conversations` (the broker's default agent when omitted).
 */
export function AgentPickerSlot(_props: { onAgent: (agentId: string | undefined) => void }) {
  return null;
}
