/**
 * Admin > Agents as an administrator uses it: open the tab, register an agent through its form, find an
 * agent's row by display name, edit it, disable or enable it.
 */
import { expect, type Locator, type Page } from "@playwright/test";

export interface AgentRegistration {
  /** The short name (for the command line), unique. */
  name: string;
  displayName: string;
  runtimeArn: string;
  protocolLevel: "full" | "basic" | "detect";
  description?: string;
  qualifier?: string;
  region?: string;
  /** Who may use it; everyone when left out. */
  access?: "everyone" | "admins";
}

export class AdminAgentsPage {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByRole("tabpanel");
  }

  /** The register/edit form on screen. */
  get form(): Locator {
    return this.page.locator("form.agent-form");
  }

  /** Opens the admin console on its Agents tab. */
  async open(): Promise<void> {
    await this.page.goto("/admin");
    await this.page.getByRole("tab", { name: "Agents" }).click();
    await expect(this.page.getByRole("heading", { name: "Agents", exact: true })).toBeVisible();
  }

  /** Fills the form (the fields given) and submits it; on the register form, the form's own defaults stay. */
  async fill(agent: Partial<AgentRegistration>): Promise<void> {
    const form = this.form;
    if (agent.displayName !== undefined) await form.getByLabel("Display name").fill(agent.displayName);
    if (agent.name !== undefined) await form.getByLabel("Short name").fill(agent.name);
    if (agent.description !== undefined) await form.getByLabel("Description").fill(agent.description);
    if (agent.runtimeArn !== undefined) await form.getByLabel("Runtime ARN").fill(agent.runtimeArn);
    if (agent.qualifier !== undefined) await form.getByLabel("Endpoint qualifier").fill(agent.qualifier);
    if (agent.region !== undefined) await form.getByLabel("Region").fill(agent.region);
    // The options' values are the API's: full, basic, detect; everyone, admins.
    if (agent.protocolLevel !== undefined)
      await form.getByLabel("Protocol level").selectOption(agent.protocolLevel);
    if (agent.access !== undefined) await form.getByLabel("Who may use it").selectOption(agent.access);
  }

  /** Opens the register form, fills it and submits it, without waiting for the answer. */
  async submitRegistration(agent: AgentRegistration): Promise<void> {
    await this.panel.getByRole("button", { name: "Register an agent" }).click();
    await this.fill(agent);
    await this.form.getByRole("button", { name: "Register agent" }).click();
  }

  /** Registers an agent through the console and waits for its row. */
  async register(agent: AgentRegistration): Promise<void> {
    await this.submitRegistration(agent);
    await expect(this.form).toHaveCount(0);
    await expect(this.row(agent.displayName)).toBeVisible();
  }

  /** The registry table's row of the agent with this display name. */
  row(displayName: string): Locator {
    return this.panel.locator("tbody tr").filter({
      has: this.page.locator("strong", { hasText: new RegExp(`^${escapeRegExp(displayName)}$`) }),
    });
  }

  /** What the broker said is wrong with a field of the form on screen, under that field. */
  problem(label: string): Locator {
    return this.form
      .locator(".field", { has: this.page.getByLabel(label, { exact: true }) })
      .locator(".form-error");
  }

  /** Opens the edit form of an agent, changes the fields given, and saves. */
  async edit(displayName: string, changes: Partial<AgentRegistration>): Promise<void> {
    await this.row(displayName)
      .getByRole("button", { name: `Edit ${displayName}` })
      .click();
    await this.fill(changes);
    await this.form.getByRole("button", { name: "Save changes" }).click();
    await expect(this.form).toHaveCount(0);
  }

  async disable(displayName: string): Promise<void> {
    await this.row(displayName)
      .getByRole("button", { name: `Disable ${displayName}` })
      .click();
    await expect(this.row(displayName).getByText("disabled", { exact: true })).toBeVisible();
  }

  async enable(displayName: string): Promise<void> {
    await this.row(displayName)
      .getByRole("button", { name: `Enable ${displayName}` })
      .click();
    await expect(this.row(displayName).getByText("disabled", { exact: true })).toHaveCount(0);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
