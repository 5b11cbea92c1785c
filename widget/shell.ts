/**
 * The dialog's shell, drawn by the loader the moment a reader asks for a report, so a dialog is on
 * screen before its chunk has arrived (on a slow network a round trip is longer than a reader's
 * pause). It shows the quote (its context comes with the chunk) and a correction field, prefilled and
 * selected; it has no words of its own (they come with the chunk; its language is the page's), so
 * it says it is busy. The
 * dialog chunk takes it over when it lands (docs/architecture.md): the reader's typing, the
 * selection in the field and the focus carry over. Kept tiny, and so left to the browser's own
 * dialog style: it is in every page view's loader.
 */

/**
 * Opens the shell for `range` (a copy of the reader's selection) in a shadow root of its own and
 * returns its `<dialog>`; closing it (Escape) removes it.
 */
export function showShell(range: Range): HTMLDialogElement {
  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node): HTMLElementTagNameMap[K] =>
    parent.appendChild(document.createElement(tag));
  const host = document.body.appendChild(document.createElement('misprint-widget'));
  // Marks the element as ours (never reportable, never part of a captured context), and as a
  // shell: while it is there, the press that drew it is the one the dialog opens for.
  host.setAttribute('data-misprint-host', 'shell');
  const dialog = make('dialog', host.attachShadow({ mode: 'open' }));
  dialog.setAttribute('aria-busy', 'true');
  dialog.onclose = () => host.remove();
  const exact = String(range);
  make('mark', make('blockquote', dialog)).textContent = exact;
  const field = make('textarea', dialog);
  field.value = exact;
  // CSSOM writes, which a strict CSP allows; the browser's style caps a modal dialog's width at the
  // viewport's, and the field's follows it.
  dialog.style.width = '30em';
  field.style.width = '100%';
  // The browser focuses the field, the dialog's only focusable element.
  dialog.showModal();
  field.select();
  return dialog;
}
