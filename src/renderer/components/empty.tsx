/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';

/** What a view shows when it has nothing yet: what that means and what to do next. */
export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children ? <div class="empty-hint">{children}</div> : null}
    </div>
  );
}
