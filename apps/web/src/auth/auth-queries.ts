/** TanStack Query factories for the signed-in user and the sign-in options. */
import { queryOptions } from "@tanstack/react-query";
import { ApiError } from "../api/api-error.ts";
import { brokerApi } from "../api/broker-api.ts";
import type { User } from "../api/types.ts";

export const authQueries = {
  all: () => ["auth"] as const,
  config: () =>
    queryOptions({
      queryKey: [...authQueries.all(), "config"],
      queryFn: brokerApi.authConfig,
      staleTime: 300_000,
    }),
  /** The signed-in user, or null when signed out (401 is an answer here, not an error). */
  me: () =>
    queryOptions({
      queryKey: [...authQueries.all(), "me"],
      queryFn: async (): Promise<User | null> => {
        try {
          return (await brokerApi.me()).user;
        } catch (error) {
          if (error instanceof ApiError && error.kind === "unauthorized") return null;
          throw error;
        }
      },
      staleTime: 60_000,
    }),
};
