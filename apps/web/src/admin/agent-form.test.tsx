/**
 * The agent form: a new agent's input leaves empty optional fields to the broker, an edit sends only what
 * changed, the broker's per-field problems show under their fields (tied to them for screen readers), and the
 * built-in agent's runtime fields are the settings' (read-only).
 */
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../api/api-error.ts";
import type { AdminAgent, AgentInput } from "../api/types.ts";
import { AgentForm, agentPatch, newAgentInput, valuesOf } from "./agent-form.tsx";

afterEach(cleanup);

const ARN = "arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/support_bot-AbCdEf1234";

const SUPPORT: AdminAgent = {
  id: "6c0e6b7e-0000-4000-8000-000000000002",
  name: "support",
  displayName: "Support bot",
  description: "Answers support questions",
  runtimeArn: ARN,
  qualifier: null,
  region: "eu-west-1",
  protocolLevel: "basic",
  access: "everyone",
  defaultTraceLevel: "milestones",
  enabled: true,
  isDefault: false,
  builtIn: false,
  createdAt: "2026-12-06T10:00:00.000Z",
  updatedAt: "2026-12-06T10:00:00.000Z",
};

describe("what the form sends", () => {
  it("a new agent: trimmed, the empty optional fields left to the broker's defaults", () => {
    const values = {
      ...valuesOf(SUPPORT),
      name: " support ",
      description: "  ",
      qualifier: "",
      region: "",
      runtimeArn: ` ${ARN}`,
    };
    expect(newAgentInput(values)).toEqual({
      name: "support",
      displayName: "Support bot",
      runtimeArn: ARN,
      protocolLevel: "basic",
      access: "everyone",
      defaultTraceLevel: "milestones",
      enabled: true,
      isDefault: false,
    });
  });

  it("an edit: only the fields that changed (an emptied qualifier goes as empty)", () => {
    const before = { ...SUPPORT, qualifier: "DEFAULT" };
    expect(agentPatch(before, valuesOf(before))).toEqual({});
    expect(
      agentPatch(before, {
        ...valuesOf(before),
        access: "admins",
        qualifier: " ",
        displayName: "Support bot ",
      }),
    ).toEqual({ access: "admins", qualifier: "" });
  });
});

describe("the form", () => {
  it("registers an agent and shows the broker's problems under the fields they are about", async () => {
    const user = userEvent.setup();
    const sent: AgentInput[] = [];
    let done = 0;
    render(
      <AgentForm
        submit={async (input) => {
          sent.push(input);
          throw new ApiError("invalid", "invalid request", 400, "bad_request", {
            runtimeArn: "not a runtime ARN: arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>",
          });
        }}
        onDone={() => {
          done += 1;
        }}
      />,
    );
    await user.type(screen.getByLabelText("Display name"), "Support bot");
    await user.type(screen.getByLabelText("Short name"), "support");
    await user.type(screen.getByLabelText("Runtime ARN"), "arn:nope");
    await user.selectOptions(screen.getByLabelText("Protocol level"), "basic");
    await user.selectOptions(screen.getByLabelText("Who may use it"), "admins");
    await user.click(screen.getByRole("button", { name: "Register agent" }));

    expect(sent).toEqual([
      {
        name: "support",
        displayName: "Support bot",
        runtimeArn: "arn:nope",
        protocolLevel: "basic",
        access: "admins",
        defaultTraceLevel: "milestones",
        enabled: true,
        isDefault: false,
      },
    ]);
    const arn = screen.getByLabelText("Runtime ARN");
    expect(arn.getAttribute("aria-invalid")).toBe("true");
    expect(arn.getAttribute("aria-describedby")).toContain("agent-runtimeArn-problem");
    expect(document.getElementById("agent-runtimeArn-problem")?.textContent).toBe(
      "not a runtime ARN: arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>",
    );
    expect(screen.getByLabelText("Short name").getAttribute("aria-invalid")).toBeNull();
    expect(screen.getByRole("alert").textContent).toBe(
      "Some fields need a change; see the notes under them.",
    );
    expect(done).toBe(0);
  });

  it("a problem that is not about one field shows under the form", async () => {
    const user = userEvent.setup();
    render(
      <AgentForm
        agent={SUPPORT}
        submit={async () => {
          throw new ApiError("invalid", "the registry is pinned by the settings", 409, "registry_pinned");
        }}
        onDone={() => undefined}
      />,
    );
    await user.click(screen.getByLabelText("Enabled"));
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect((await screen.findByRole("alert")).textContent).toContain(
      "the registry is pinned by the settings",
    );
  });

  it("an edit sends only what changed, and an unchanged form sends nothing", async () => {
    const user = userEvent.setup();
    const patches: Array<Partial<AgentInput>> = [];
    let done = 0;
    render(
      <AgentForm
        agent={SUPPORT}
        submit={async (patch) => {
          patches.push(patch);
        }}
        onDone={() => {
          done += 1;
        }}
      />,
    );
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(patches).toEqual([]);
    expect(done).toBe(1);
    await user.selectOptions(screen.getByLabelText("Users' trace level"), "full");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(patches).toEqual([{ defaultTraceLevel: "full" }]);
    expect(done).toBe(2);
  });

  it("the built-in agent's runtime is the settings': shown read-only, with the setting named", () => {
    render(
      <AgentForm
        agent={{ ...SUPPORT, builtIn: true }}
        submit={async () => undefined}
        onDone={() => undefined}
      />,
    );
    const arn = screen.getByLabelText("Runtime ARN");
    expect(arn.hasAttribute("readonly")).toBe(true);
    expect(screen.getByLabelText("Region").hasAttribute("readonly")).toBe(true);
    expect(screen.getByLabelText("Display name").hasAttribute("readonly")).toBe(false);
    expect(
      screen.getAllByText("Set by the broker's settings (AGENTCORE_RUNTIME_ARN)").length,
    ).toBeGreaterThan(0);
  });
});
