import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// German.

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: 'Tippfehler entdeckt? Markieren Sie ihn und drücken Sie {k}.',
  tap: 'Tippfehler entdeckt? Markieren Sie ihn und tippen Sie auf die Schaltfläche.',
  ctrl: 'Strg',
  enter: 'Enter',
  long: 'Die Auswahl ist zu lang ({n} Zeichen, höchstens {max}). Markieren Sie nur den Fehler.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
  title: 'Tippfehler melden',
  context: 'Markierter Text',
  correction: 'Korrektur',
  comment: 'Kommentar (optional)',
  kind: 'Was ist falsch',
  kinds: {
    typo: 'Rechtschreibung oder Grammatik',
    fact: 'Falsche Angabe',
    link: 'Defekter Link',
    other: 'Etwas anderes',
  },
  send: 'Senden',
  sending: 'Wird gesendet…',
  cancel: 'Abbrechen',
  close: 'Schließen',
  sent: 'Danke! Die Redaktion hat Ihre Meldung erhalten.',
  duplicates: 'Danke! Leser, die das schon gemeldet haben: {n}.',
  queued: 'Gerade keine Verbindung. Ihre Meldung ist gespeichert und wird automatisch gesendet.',
  rateLimited: 'Zu viele Meldungen. Bitte versuchen Sie es {t} erneut.',
  invalid: 'Die Meldung wurde nicht angenommen:',
  failed: 'Die Meldung konnte nicht gesendet werden. Bitte versuchen Sie es später.',
  rejected: 'Diese Website nimmt gerade keine Meldungen an.',
  notSetUp: 'Diese Adresse ist nicht für Meldungen eingerichtet; es wurde nichts gesendet.',
  cut: 'Nur der erste Absatz der Auswahl wird gemeldet.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'Korrigiert: „{a}“ → „{b}“. Danke!',
  plain: 'Korrigiert: „{a}“. Danke!',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'Tippfehler melden' };
