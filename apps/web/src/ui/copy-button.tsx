/** A button that copies text to the clipboard and says so. */
import { useEffect, useState } from "react";

export function CopyButton({ text, label = "Copy answer" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="button small ghost"
      aria-label={label}
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => setCopied("yes"),
          () => setCopied("failed"),
        );
      }}
    >
      {copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy"}
    </button>
  );
}
