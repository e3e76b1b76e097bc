/** Thin hooks over the auth queries and mutations. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { brokerApi } from "../api/broker-api.ts";
import { authQueries } from "./auth-queries.ts";

export const useMe = () => useQuery(authQueries.me());
export const useAuthConfig = () => useQuery(authQueries.config());

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => brokerApi.login(input.email, input.password),
    onSuccess: ({ user }) => {
      client.clear();
      client.setQueryData(authQueries.me().queryKey, user);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: brokerApi.logout,
    onSettled: () => {
      client.clear();
      client.setQueryData(authQueries.me().queryKey, null);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      brokerApi.changePassword(input.currentPassword, input.newPassword),
  });
}
