/** Answers as Markdown: tables and code render, unfinished Markdown renders sanely, and nothing executes. */
import { cleanup, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Markdown } from "./markdown.tsx";

afterEach(cleanup);

describe("Markdown", () => {
  it("renders tables and fenced code", async () => {
    const { container, findByText } = render(
      <Markdown text={"| a | b |\n|---|---|\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```\n"} streaming={false} />,
    );
    expect(container.querySelector("table")).not.toBeNull();
    expect(container.querySelectorAll("td")).toHaveLength(2);
    expect(await findByText(/const/)).toBeTruthy();
    // Highlighted: Shiki's token colours arrive as CSS variables on the token spans.
    await waitFor(
      () =>
        expect(
          container.querySelector('[data-streamdown="code-block-body"] span[style*="--sdm-c"]'),
        ).not.toBeNull(),
      {
        timeout: 10_000,
      },
    );
  });

  it("closes unfinished emphasis while streaming instead of showing raw markers", () => {
    const { container } = render(<Markdown text={"This is **important"} streaming />);
    const strong = container.querySelector('strong, [data-streamdown="strong"]');
    expect(strong?.textContent).toBe("important");
    expect(container.textContent).not.toContain("**");
  });

  it("closes dangling markers in an answer that was cut off", () => {
    const { container } = render(
      <Markdown text={"Done.\n\n**Running locally"} streaming={false} unfinished />,
    );
    expect(container.querySelector('strong, [data-streamdown="strong"]')?.textContent).toBe(
      "Running locally",
    );
    expect(container.textContent).not.toContain("*");
  });

  it("never renders raw HTML or javascript: links", () => {
    const { container } = render(
      <Markdown
        text={
          'Hello <script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> ' +
          '[click](javascript:alert(1)) <a href="javascript:alert(2)">raw</a>\n\n<iframe src="https://evil"></iframe>'
        }
        streaming={false}
      />,
    );
    expect(container.querySelector("script, iframe, img[onerror]")).toBeNull();
    for (const link of container.querySelectorAll("a")) {
      expect(link.getAttribute("href") ?? "").not.toMatch(/^\s*javascript:/i);
    }
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
    // Raw HTML shows as text, not as elements.
    expect(container.textContent).toContain("<script>");
  });
});
