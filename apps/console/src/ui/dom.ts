// A few helpers instead of a framework: build elements, label form fields,
// announce changes to screen readers. Text is always set as text (never as
// HTML), so nothing the server returns can inject markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s(tag: string, attrs: Record<string, string | number | null | undefined> = {}, ...children: (Child | Child[])[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

function setAttrs(el: HTMLElement, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
    else if (k === 'class') el.className = String(v);
    else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
    else if (k === 'checked' && 'checked' in el) (el as HTMLInputElement).checked = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'object' ? c : String(c));
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

let ids = 0;
/** A unique element id. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form control: the label names it for screen readers; an optional hint is linked by aria-describedby. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  if (!control.id) control.id = uid('f');
  const hintEl = hint ? h('small', { id: `${control.id}-hint`, class: 'hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const isCheck = control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio');
  return isCheck
    ? h('div', { class: 'field check' }, control, h('label', { for: control.id }, label), hintEl)
    : h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

export function input(attrs: Attrs = {}): HTMLInputElement {
  return h('input', { type: 'text', ...attrs });
}

export function select(options: readonly { value: string; label: string }[], attrs: Attrs = {}, selected: readonly string[] = []): HTMLSelectElement {
  return h('select', attrs, ...options.map((o) => h('option', { value: o.value, selected: selected.includes(o.value) }, o.label)));
}

export function selectedValues(el: HTMLSelectElement): string[] {
  return [...el.selectedOptions].map((o) => o.value).filter((v) => v !== '');
}

/** Comma- or space-separated list typed in a text field. */
export function listValue(el: HTMLInputElement): string[] {
  return el.value.split(/[,\s]+/).map((x) => x.trim()).filter(Boolean);
}

export function button(label: string, onClick: (ev: Event) => void, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...attrs, onclick: onClick as EventListener }, label);
}

/** Polite announcements for screen readers (results loaded, saved…). */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A new text node after a tick is read even when the text repeats.
  setTimeout(() => (region.textContent = message), 30);
}

/**
 * A table with a caption and header cells scoped to their columns. On a
 * narrow screen the stylesheet stacks each row as a card, every cell led by
 * its column's name (data-label); the explicit roles keep the table's
 * semantics for screen readers when its display changes.
 */
export function table<T>(caption: string, columns: readonly { label: string; cell: (row: T) => Child | Child[]; numeric?: boolean }[], rows: readonly T[], rowAttrs?: (row: T) => Attrs): HTMLElement {
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', { role: 'table' },
      h('caption', {}, caption),
      h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' }, ...columns.map((c) => h('th', { scope: 'col', role: 'columnheader', class: c.numeric ? 'num' : null }, c.label)))),
      h('tbody', { role: 'rowgroup' }, ...rows.map((r) => h('tr', { role: 'row', ...(rowAttrs ? rowAttrs(r) : {}) },
        ...columns.map((c) => h('td', { role: 'cell', 'data-label': c.label, class: c.numeric ? 'num' : null }, h('span', { class: 'cell' }, ...[c.cell(r)].flat()))))))));
}

/** Replaces an element's children (skipping null, undefined and false). */
export function fill(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}
