/**
 * A tool result's images and resource links in the trace pane. Images are drawn from the data the agent sent
 * (a `data:` URL of a raster type; the page's CSP admits nothing else), never from an address; a resource
 * link is a link the reader may follow (web addresses only, opened without a referrer) or, for any other
 * scheme, its text: nothing here makes the browser fetch what a tool pointed at.
 */
import { TRACE_IMAGE_TYPES, type TraceAttachment } from "@interject/protocol";

const RASTER = new Set<string>(TRACE_IMAGE_TYPES);

function webAddress(uri: string): string | null {
  try {
    const url = new URL(uri);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function Link({ link }: { link: Extract<TraceAttachment, { type: "resource_link" }> }) {
  const href = webAddress(link.uri);
  const title = link.description ? `${link.name}: ${link.description}` : link.name;
  return (
    <li className="trace-link">
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" title={title}>
          {link.name}
        </a>
      ) : (
        <span title={title}>{link.name}</span>
      )}{" "}
      <code className="muted">{link.uri}</code>
      {link.mimeType ? <span className="muted"> ({link.mimeType})</span> : null}
    </li>
  );
}

export function TraceAttachments({ attachments, tool }: { attachments: TraceAttachment[]; tool: string }) {
  if (attachments.length === 0) return null;
  const images = attachments.filter((a) => a.type === "image" && RASTER.has(a.mimeType));
  const links = attachments.filter((a) => a.type === "resource_link");
  return (
    <div className="trace-attachments">
      {images.map((image, i) =>
        image.type === "image" ? (
          <img
            // The list never changes once received: the index is a stable key.
            key={i}
            className="trace-image"
            src={`data:${image.mimeType};base64,${image.data}`}
            alt={`${image.mimeType} ${i + 1} returned by ${tool}`}
          />
        ) : null,
      )}
      {links.length > 0 ? (
        <ul className="trace-links" aria-label={`Resources returned by ${tool}`}>
          {links.map((link) => (link.type === "resource_link" ? <Link key={link.uri} link={link} /> : null))}
        </ul>
      ) : null}
    </div>
  );
}
