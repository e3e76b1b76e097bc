/** ‹ 1 / 2 ›: which version of a message is on screen, and the way to the others (each is a branch). */
import type { Versions } from "../api/types.ts";

export function VersionSwitcher(props: { versions: Versions; onVersion: (branchId: string) => void }) {
  const { versions, onVersion } = props;
  const { index, branchIds } = versions;
  const previous = branchIds[index - 1];
  const next = branchIds[index + 1];
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of buttons with a label, not a form's fieldset
    <div className="version-switcher" role="group" aria-label="Versions of this message">
      <button
        type="button"
        className="button small ghost"
        aria-label="Previous version"
        disabled={previous === undefined}
        onClick={() => previous && onVersion(previous)}
      >
        ‹
      </button>
      <span className="version-count">
        {index + 1} / {branchIds.length}
      </span>
      <button
        type="button"
        className="button small ghost"
        aria-label="Next version"
        disabled={next === undefined}
        onClick={() => next && onVersion(next)}
      >
        ›
      </button>
    </div>
  );
}
