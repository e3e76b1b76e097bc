/**
 * Every form that sets a password states and checks the broker's rule from `GET /api/auth/config`, not a
 * number of its own: with a rule of 10 to 20 characters the hint says so, 9 characters are refused before
 * anything is sent, and 10 go through the check.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { UsersPanel } from "../admin/users-panel.tsx";
import type { AuthConfig } from "../api/types.ts";
import { authQueries } from "./auth-queries.ts";
import { ChangePasswordPage } from "./change-password-page.tsx";

afterEach(cleanup);

const CONFIG: AuthConfig = {
  oidc: { enabled: false, loginUrl: null },
  password: { minChars: 10, maxChars: 20 },
};

function show(ui: React.ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  // The answer the broker gives; the forms must take their numbers from it.
  client.setQueryData(authQueries.config().queryKey, CONFIG);
  client.setQueryData(["admin", "users"], []);
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("the password rule in the forms", () => {
  it("change password: states the broker's rule, refuses one character less, is satisfied at the minimum", async () => {
    const user = userEvent.setup();
    show(<ChangePasswordPage />);
    const field = screen.getByLabelText("New password", { exact: true });
    expect(field.getAttribute("minlength")).toBeNull();
    expect(screen.getByText("Use 10 to 20 characters; a long passphrase is best.")).toBeTruthy();
    await user.type(screen.getByLabelText("Current password"), "the old one");
    await user.type(field, "nine char");
    await user.type(screen.getByLabelText("Repeat the new password"), "nine char");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(screen.getByRole("alert").textContent).toBe("Use at least 10 characters (this one has 9).");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    await user.type(field, "s");
    expect(screen.queryByText(/Use at least/)).toBeNull();
  });

  it("counts characters as the broker does, not UTF-16 units", async () => {
    const user = userEvent.setup();
    show(<ChangePasswordPage />);
    const field = screen.getByLabelText("New password", { exact: true });
    await user.type(screen.getByLabelText("Current password"), "the old one");
    // Five emoji are ten UTF-16 units but five characters.
    await user.type(field, "🔑🔑🔑🔑🔑");
    await user.type(screen.getByLabelText("Repeat the new password"), "🔑🔑🔑🔑🔑");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(screen.getByText("Use at least 10 characters (this one has 5).")).toBeTruthy();
  });

  it("admin create user: the same rule, the same check", async () => {
    const user = userEvent.setup();
    show(<UsersPanel />);
    const field = screen.getByLabelText("Initial password");
    expect(screen.getByText("Use 10 to 20 characters; a long passphrase is best.")).toBeTruthy();
    await user.type(screen.getByLabelText("Email"), "new@example.com");
    await user.type(field, "x".repeat(21));
    await user.click(screen.getByRole("button", { name: "Create user" }));
    expect(screen.getByRole("alert").textContent).toBe("Use at most 20 characters (this one has 21).");
  });
});
