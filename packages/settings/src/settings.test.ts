/** readSettings: defaults, empty strings as unset, every bad variable named, the source left alone. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readSettings, SettingsError, setting } from "./index.ts";

const shape = {
  PORT: setting.port(8080),
  NAME: setting.text(),
  TAGS: setting.list("a,b"),
  ON: setting.flag(),
  MODE: z.enum(["x", "y"]).default("x"),
};

describe("readSettings", () => {
  it("applies defaults and treats empty strings as unset", () => {
    const source = { PORT: "", NAME: "", ON: "1" };
    expect(readSettings("test", shape, source)).toEqual({
      PORT: 8080,
      NAME: undefined,
      TAGS: ["a", "b"],
      ON: true,
      MODE: "x",
    });
    expect(source).toEqual({ PORT: "", NAME: "", ON: "1" });
  });

  it("names every wrong variable in one error", () => {
    try {
      readSettings("test", shape, { PORT: "eighty", MODE: "z" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      const problems = (error as SettingsError).problems.map((p) => p.variable);
      expect(problems).toEqual(["PORT", "MODE"]);
      expect((error as Error).message).toMatch(/^invalid test settings:\n {2}PORT: /);
    }
  });

  it("runs cross-variable checks", () => {
    const read = (source: Record<string, string>) =>
      readSettings("test", { A: setting.text(), B: setting.text() }, source, {
        refine: (v, ctx) => {
          if ((v.A === undefined) !== (v.B === undefined))
            ctx.addIssue({ code: "custom", path: ["B"], message: "A and B must be set together" });
        },
      });
    expect(read({ A: "1", B: "2" })).toEqual({ A: "1", B: "2" });
    expect(() => read({ A: "1" })).toThrow(/B: A and B must be set together/);
  });
});
