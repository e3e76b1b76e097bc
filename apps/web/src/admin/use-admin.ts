/** Thin hooks for the admin console. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { brokerApi } from "../api/broker-api.ts";
import type { AdminConversationFilters, Role } from "../api/types.ts";
import { adminQueries } from "./admin-queries.ts";

export const useAdminUsers = () => useQuery(adminQueries.users());
export const useAdminConversations = (filters: AdminConversationFilters) =>
  useQuery(adminQueries.conversations(filters));
export const useAdminConversation = (id: string, branch?: string) =>
  useQuery(adminQueries.conversation(id, branch));
export const useAuditLog = () => useQuery(adminQueries.audit());

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: brokerApi.adminCreateUser,
    onSuccess: () => client.invalidateQueries({ queryKey: adminQueries.users().queryKey }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; role?: Role; disabled?: boolean }) =>
      brokerApi.adminUpdateUser(input.id, { role: input.role, disabled: input.disabled }),
    onSuccess: () => client.invalidateQueries({ queryKey: adminQueries.users().queryKey }),
  });
}
