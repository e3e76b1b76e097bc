/** Thin hooks for the admin console. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { brokerApi } from "../api/broker-api.ts";
import type { AdminConversationFilters, AuditFilters, Role } from "../api/types.ts";
import { adminQueries } from "./admin-queries.ts";

export const useAdminUsers = () => useQuery(adminQueries.users());
export const useAdminConversations = (filters: AdminConversationFilters) =>
  useQuery(adminQueries.conversations(filters));
export const useAdminConversation = (id: string, branch?: string) =>
  useQuery(adminQueries.conversation(id, branch));
export const useAuditLog = (filters: AuditFilters) => useInfiniteQuery(adminQueries.audit(filters));
export const useAuditActions = () => useQuery(adminQueries.auditActions());

/** A new password for the account, answered once: the caller shows it and forgets it. */
export function useResetPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => brokerApi.adminResetPassword(id),
    onSuccess: () => client.invalidateQueries({ queryKey: adminQueries.audits() }),
  });
}

export function useDeleteUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => brokerApi.adminDeleteUser(id),
    onSuccess: () => client.invalidateQueries({ queryKey: adminQueries.all() }),
  });
}

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
