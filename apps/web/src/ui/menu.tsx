/**
 * A small actions menu (the WAI-ARIA menu button pattern): a button that opens a list of actions, arrow keys
 * between them, Esc or a click elsewhere closes it and gives the focus back to the button.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

export function MenuButton(props: {
  label: string;
  children: (close: () => void) => ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    list.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!list.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);
  const onKeyDown = (event: React.KeyboardEvent) => {
    const items = [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      move(at + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      move(at - 1);
    } else if (event.key === "Home") {
      event.preventDefault();
      move(0);
    } else if (event.key === "End") {
      event.preventDefault();
      move(items.length - 1);
    } else if (event.key === "Tab") {
      setOpen(false);
    }
  };
  return (
    <div className={`menu ${props.className ?? ""}`}>
      <button
        ref={button}
        type="button"
        className="button small ghost menu-button"
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        ⋯
      </button>
      {open ? (
        <div
          ref={list}
          id={id}
          role="menu"
          aria-label={props.label}
          className="menu-list"
          onKeyDown={onKeyDown}
        >
          {props.children(close)}
        </div>
      ) : null}
    </div>
  );
}

export function MenuItem(props: { onSelect: () => void; children: ReactNode; tone?: "danger" }) {
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      className="menu-item"
      data-tone={props.tone}
      onClick={props.onSelect}
    >
      {props.children}
    </button>
  );
}
