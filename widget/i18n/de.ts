import type { Messages } from './messages.js';

/** German. */
export default {
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
  hint: 'Markieren Sie den fehlerhaften Text und drücken Sie Strg+Enter (⌘+Enter auf dem Mac).',
  long: 'Die Auswahl ist zu lang ({n} Zeichen, höchstens {max}). Markieren Sie nur den Fehler.',
  cut: 'Nur der erste Absatz der Auswahl wird gemeldet.',
} satisfies Messages;
