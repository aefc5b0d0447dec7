/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabSpec<Id extends string> {
  id: Id;
  label: string;
  /** A count shown after the label (running jobs). */
  badge?: number;
}

export function tabId(id: string): string {
  return `tab-${id}`;
}

export function panelId(id: string): string {
  return `panel-${id}`;
}

/**
 * A WAI-ARIA tablist: one tab in the Tab order (the selected one), arrow keys, Home and End move between
 * tabs and select them (automatic activation: the views are cheap to show).
 */
export function Tabs<Id extends string>(props: {
  tabs: TabSpec<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
  label: string;
}) {
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent) => {
    const index = props.tabs.findIndex((t) => t.id === props.selected);
    const last = props.tabs.length - 1;
    let next: number;
    if (event.key === 'ArrowRight') next = index === last ? 0 : index + 1;
    else if (event.key === 'ArrowLeft') next = index === 0 ? last : index - 1;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = last;
    else return;
    event.preventDefault();
    const tab = props.tabs[next];
    if (!tab) return;
    props.onSelect(tab.id);
    list.current?.querySelector<HTMLElement>(`#${tabId(tab.id)}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={props.label} ref={list} onKeyDown={move}>
      {props.tabs.map((tab) => {
        const selected = tab.id === props.selected;
        return (
          <button
            type="button"
            role="tab"
            key={tab.id}
            id={tabId(tab.id)}
            aria-selected={selected}
            aria-controls={panelId(tab.id)}
            tabIndex={selected ? 0 : -1}
            class="tab"
            onClick={() => props.onSelect(tab.id)}
          >
            {tab.label}
            {tab.badge ? (
              <>
                <span class="badge" aria-hidden="true">
                  {tab.badge}
                </span>
                <span class="sr-only">{` (${tab.badge})`}</span>
              </>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}

/** The panel of one tab, labelled by it. */
export function TabPanel({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <section class="panel" role="tabpanel" id={panelId(id)} aria-labelledby={tabId(id)}>
      {children}
    </section>
  );
}
