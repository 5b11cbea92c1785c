import type { Messages } from './messages.js';

/** English: the default language. */
export default {
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
  hint: 'Select the text with the mistake, then press Ctrl+Enter (⌘+Enter on a Mac).',
  long: 'The selection is too long ({n} characters, at most {max}). Select just the mistake.',
  cut: 'Only the first paragraph of the selection will be reported.',
} satisfies Messages;
