/**
 * Thin hooks for the admin console's Agents tab: the registry, and registering or editing an agent (disabling
 * is an edit). A change refreshes the registry, the agents people may pick and the audit log.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { agentQueries } from "../agents/agent-queries.ts";
import { brokerApi } from "../api/broker-api.ts";
import type { AgentInput } from "../api/types.ts";
import { adminQueries } from "./admin-queries.ts";

export const useAdminAgents = () => useQuery(adminQueries.agents());

function useRefreshAgents() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: adminQueries.agents().queryKey }),
      client.invalidateQueries({ queryKey: adminQueries.audits() }),
      client.invalidateQueries({ queryKey: agentQueries.all() }),
    ]);
}

export function useRegisterAgent() {
  const refresh = useRefreshAgents();
  return useMutation({
    mutationFn: (input: AgentInput) => brokerApi.adminCreateAgent(input),
    onSuccess: refresh,
  });
}

export function useUpdateAgent() {
  const refresh = useRefreshAgents();
  return useMutation({
    mutationFn: (input: { id: string; patch: Partial<AgentInput> }) =>
      brokerApi.adminUpdateAgent(input.id, input.patch),
    onSuccess: refresh,
  });
}
