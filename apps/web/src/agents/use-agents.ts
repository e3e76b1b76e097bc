/** Thin hook: the agents the caller may start conversations with. */
import { useQuery } from "@tanstack/react-query";
import { agentQueries } from "./agent-queries.ts";

export const useAgents = () => useQuery(agentQueries.usable());
