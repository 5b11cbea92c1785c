import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// Italian.

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: 'Hai trovato un refuso? Selezionalo e premi {k}.',
  tap: 'Hai trovato un refuso? Selezionalo e tocca il pulsante.',
  ctrl: 'Ctrl',
  enter: 'Invio',
  long: 'La selezione è troppo lunga ({n} caratteri, al massimo {max}). Seleziona solo l’errore.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
  title: 'Segnala un refuso',
  context: 'Testo selezionato',
  correction: 'Correzione',
  comment: 'Commento (facoltativo)',
  kind: 'Che cosa non va',
  kinds: { typo: 'Ortografia o grammatica', fact: 'Un fatto errato', link: 'Un link rotto', other: 'Altro' },
  send: 'Invia',
  sending: 'Invio…',
  cancel: 'Annulla',
  close: 'Chiudi',
  sent: 'Grazie! La redazione ha ricevuto la segnalazione.',
  duplicates: 'Grazie! Lettori che l’hanno segnalato prima di te: {n}.',
  queued: 'Nessuna connessione al momento. La segnalazione è salvata e verrà inviata automaticamente.',
  rateLimited: 'Troppe segnalazioni. Riprova {t}.',
  invalid: 'La segnalazione non è stata accettata:',
  failed: 'Non è stato possibile inviare la segnalazione. Riprova più tardi.',
  rejected: 'Questo sito al momento non accetta segnalazioni.',
  notSetUp: 'Questo indirizzo non è configurato per le segnalazioni: non è stato inviato nulla.',
  cut: 'Verrà segnalato solo il primo paragrafo della selezione.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'Corretto: «{a}» → «{b}». Grazie!',
  plain: 'Corretto: «{a}». Grazie!',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'Segnala un refuso' };
