/** The keyboard trigger: Ctrl+Enter or Cmd+Enter, unless the reader is typing or the page took it. */

/** Where Ctrl+Enter and selections belong to someone else: form fields, editors, areas the site marked, our UI. */
export const NOT_OURS =
  'input,textarea,select,[contenteditable]:not([contenteditable="false"]),[data-misprint-ignore],[data-misprint-host]';

/**
 * Whether a keydown asks for a report. Both modifiers work on every platform, so no reader has to
 * guess. Ignored while an IME composes (keyCode 229 covers browsers that lack `isComposing`),
 * when a page handler already acted on it, and inside editable or excluded elements (an element
 * in a contenteditable region has an ancestor matching NOT_OURS on the path).
 */
export function isReportShortcut(event: KeyboardEvent): boolean {
  return (
    event.key === 'Enter' &&
    (event.ctrlKey || event.metaKey) &&
    !(event.altKey || event.repeat || event.defaultPrevented || event.isComposing || event.keyCode === 229) &&
    // The composed path crosses shadow roots, where `target` alone would only show their host.
    !event.composedPath().some((node) => node instanceof Element && node.matches(NOT_OURS))
  );
}
