/**
 * The app: one QueryClient (a 401 anywhere sends the user to sign in again), and the routes. react-router
 * in declarative mode: a handful of routes, URL params, nested layout, no loaders needed since TanStack
 * Query already owns the data, and the smallest API to learn.
 */
import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { ApiError } from "./api/api-error.ts";
import { AppShell } from "./app-shell.tsx";
import { authQueries } from "./auth/auth-queries.ts";
import { ChangePasswordPage } from "./auth/change-password-page.tsx";
import { SignInPage } from "./auth/sign-in-page.tsx";
import { ChatPage } from "./chat/chat-page.tsx";
import { NewChat } from "./chat/new-chat.tsx";

// The admin console is a separate chunk: most people never open it.
const AdminPage = lazy(() => import("./admin/admin-page.tsx").then((m) => ({ default: m.AdminPage })));
const AdminConversationPage = lazy(() =>
  import("./admin/admin-conversation-page.tsx").then((m) => ({ default: m.AdminConversationPage })),
);
const loading = <p className="muted pad">Loading…</p>;

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        // The session ended while the app was open: forget the user, the shell redirects to sign-in.
        if (error instanceof ApiError && error.kind === "unauthorized")
          client.setQueryData(authQueries.me().queryKey, null);
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, error) =>
          !(error instanceof ApiError && ["unauthorized", "forbidden", "not_found"].includes(error.kind)) &&
          count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
  return client;
}

export function App({ client }: { client: QueryClient }) {
  return (
    <QueryClientProvider client={client}>
      <BrowserRouter>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route element={<AppShell />}>
            <Route index element={<NewChat />} />
            <Route path="c/:conversationId" element={<ChatPage />} />
            <Route path="settings/password" element={<ChangePasswordPage />} />
            <Route
              path="admin"
              element={
                <Suspense fallback={loading}>
                  <AdminPage />
                </Suspense>
              }
            />
            <Route
              path="admin/conversations/:conversationId"
              element={
                <Suspense fallback={loading}>
                  <AdminConversationPage />
                </Suspense>
              }
            />
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
