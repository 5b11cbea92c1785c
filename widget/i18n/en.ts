import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// English, the default.

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: 'Found a typo? Select it and press {k}.',
  tap: 'Found a typo? Select it and tap the button.',
  ctrl: 'Ctrl',
  enter: 'Enter',
  long: 'The selection is too long ({n} characters, at most {max}). Select just the mistake.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
  title: 'Report a typo',
  context: 'Selected text',
  correction: 'Correction',
  comment: 'Comment (optional)',
  kind: 'What is wrong',
  kinds: {
    typo: 'Spelling or grammar',
    fact: 'A wrong fact',
    link: 'A broken link',
    other: 'Something else',
  },
  send: 'Send',
  sending: 'Sending…',
  cancel: 'Cancel',
  close: 'Close',
  sent: 'Thank you! The editors have your report.',
  duplicates: 'Thank you! Readers who reported this before you: {n}.',
  queued: 'No connection right now. Your report is saved and will be sent automatically.',
  rateLimited: 'Too many reports. Please try again {t}.',
  invalid: 'The report was not accepted:',
  failed: 'The report could not be sent. Please try again later.',
  rejected: 'This site does not accept reports right now.',
  notSetUp: 'This address is not set up for reports, so nothing was sent.',
  cut: 'Only the first paragraph of the selection will be reported.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'Fixed: “{a}” → “{b}”. Thank you!',
  plain: 'Fixed: “{a}”. Thank you!',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'Report a typo' };
