/** Whether a key press belongs to a text field (or carries a modifier) and must not trigger shortcuts. */

/** True when shortcuts should ignore this event: typing in a field, or a browser/OS chord. */
export function isTypingOrChord(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || event.isComposing)
    return true;
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  // A checkbox or button in a card keeps the shortcuts working; text inputs do not.
  return (
    target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type)
  );
}
