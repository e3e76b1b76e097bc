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

describe("Markdown that falls behind the stream", () => {
  const paragraphs = (count: number) =>
    Array.from({ length: count }, (_, index) => `Paragraph ${index + 1}.`).join("\n\n");
  // A block is finished once the next one has started: the last paragraph before the tail is one.
  const finishedBlocks = (container: HTMLElement) => container.querySelectorAll(".markdown-page > .markdown");

  it("shows a history whole at once", () => {
    const { container } = render(<Markdown text={`${paragraphs(60)}\n\nThe end.`} streaming={false} />);
    expect(finishedBlocks(container)).toHaveLength(60);
  });

  it("catches up at most 12 blocks per render, tail last, and ends with every block", async () => {
    const { container, rerender } = render(<Markdown text={`${paragraphs(5)}\n\nThe tail`} streaming />);
    expect(finishedBlocks(container)).toHaveLength(5);
    // 55 more blocks and a growing tail arrive in one go.
    rerender(<Markdown text={`${paragraphs(60)}\n\nThe tail so f`} streaming />);
    expect(finishedBlocks(container).length).toBeLessThanOrEqual(5 + 12);
    expect(container.textContent).not.toContain("The tail so f");
    const seen: number[] = [];
    await waitFor(() => {
      seen.push(finishedBlocks(container).length);
      expect(finishedBlocks(container)).toHaveLength(60);
    });
    for (let index = 1; index < seen.length; index++) {
      expect((seen[index] ?? 0) - (seen[index - 1] ?? 0)).toBeLessThanOrEqual(12);
    }
    // Caught up: the tail shows after the last block, in order.
    await waitFor(() => expect(container.textContent).toContain("The tail so f"));
    expect(container.textContent?.indexOf("Paragraph 60.")).toBeLessThan(
      container.textContent?.indexOf("The tail so f") ?? -1,
    );
  });
});

describe("Markdown images", () => {
  // jsdom's page is http://localhost:3000/ (vitest's default), so that is "the product itself" here.
  const REMOTE = [
    ["https", "https://attacker.example/pixel.png?q=secret"],
    ["http", "http://attacker.example/pixel.png"],
    ["protocol-relative", "//attacker.example/pixel.png"],
    ["another port of the same host", "http://localhost:3001/pixel.png"],
  ] as const;

  it.each(REMOTE)("renders a %s image as a link showing its alt text, never an <img>", (_, url) => {
    for (const streaming of [true, false]) {
      const { container, unmount } = render(
        <Markdown text={`Look: ![the tracking pixel](${url}) and more.`} streaming={streaming} />,
      );
      expect(container.querySelector("img")).toBeNull();
      const link = [...container.querySelectorAll("a")].find((a) => a.textContent === "the tracking pixel");
      expect(link?.getAttribute("href")).toBe(new URL(url, "http://localhost:3000/").href);
      unmount();
    }
  });

  it("shows a data: image's alt text without loading it or linking to it", () => {
    const { container } = render(
      <Markdown
        text={"![a red dot](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAUA)"}
        streaming={false}
      />,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("a")).toBeNull();
    expect(container.textContent).toContain("a red dot");
  });

  it("turns a reference-style remote image into a link, too", () => {
    const { container } = render(
      <Markdown text={"[l]: https://attacker.example/logo.png\n![logo][l]"} streaming={false} />,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("a")?.textContent).toBe("logo");
  });

  it("keeps images the product serves itself", () => {
    const { container } = render(
      <Markdown
        text={"![ours](/assets/diagram.png) ![also ours](http://localhost:3000/assets/b.png)"}
        streaming={false}
      />,
    );
    const sources = [...container.querySelectorAll("img")].map((img) => img.getAttribute("src"));
    expect(sources).toEqual(["/assets/diagram.png", "http://localhost:3000/assets/b.png"]);
  });

  it("never creates an <img> for a remote image while it streams in, chunk by chunk", () => {
    const text = "Here: ![pixel](https://attacker.example/p.png) done.";
    const { container, rerender } = render(<Markdown text="" streaming />);
    for (let end = 1; end <= text.length; end++) {
      rerender(<Markdown text={text.slice(0, end)} streaming />);
      expect(container.querySelector("img")).toBeNull();
    }
  });
});
