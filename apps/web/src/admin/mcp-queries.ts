/**
 * The admin console's MCP data: each agent's servers and tools as the broker last heard them from the agents
 * (refreshed every few seconds: servers go down and come back on their own), and the per-tool switch.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { brokerApi } from "../api/broker-api.ts";
import { adminQueries } from "./admin-queries.ts";

type Overview = Awaited<ReturnType<typeof brokerApi.adminMcp>>;
export type McpAgentView = Overview["agents"][number];
export type McpServerView = McpAgentView["servers"][number];
export type McpToolView = McpAgentView["tools"][number];

export const mcpQueries = {
  overview: () =>
    queryOptions({
      queryKey: [...adminQueries.all(), "mcp"],
      queryFn: async () => (await brokerApi.adminMcp()).agents,
      refetchInterval: 5_000,
    }),
};

export const useAdminMcp = () => useQuery(mcpQueries.overview());

export function useSwitchMcpTool() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: brokerApi.adminSwitchMcpTool,
    onSuccess: () => client.invalidateQueries({ queryKey: mcpQueries.overview().queryKey }),
  });
}
