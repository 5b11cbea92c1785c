import type { Messages } from './messages.js';

/** Italian. */
export default {
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
  hint: 'Seleziona il testo con l’errore e premi Ctrl+Invio (⌘+Invio su Mac).',
  long: 'La selezione è troppo lunga ({n} caratteri, al massimo {max}). Seleziona solo l’errore.',
  cut: 'Verrà segnalato solo il primo paragrafo della selezione.',
} satisfies Messages;
