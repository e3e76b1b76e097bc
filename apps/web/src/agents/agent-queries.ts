/** TanStack Query factories for the agents the caller may start conversations with (`GET /api/agents`). */
import { queryOptions } from "@tanstack/react-query";
import { brokerApi } from "../api/broker-api.ts";

export const agentQueries = {
  all: () => ["agents"] as const,
  /** Enabled agents the caller may use, by display name; the one to preselect has `isDefault`. */
  usable: () =>
    queryOptions({
      queryKey: [...agentQueries.all(), "usable"],
      queryFn: async () => (await brokerApi.agents()).agents,
      staleTime: 30_000,
    }),
};
