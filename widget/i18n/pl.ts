import type { Messages } from './messages.js';

/** Polish. */
export default {
  title: 'Zgłoś literówkę',
  context: 'Zaznaczony tekst',
  correction: 'Poprawka',
  comment: 'Komentarz (opcjonalnie)',
  kind: 'Co jest nie tak',
  kinds: {
    typo: 'Pisownia lub gramatyka',
    fact: 'Błędny fakt',
    link: 'Niedziałający link',
    other: 'Coś innego',
  },
  send: 'Wyślij',
  sending: 'Wysyłanie…',
  cancel: 'Anuluj',
  close: 'Zamknij',
  sent: 'Dziękujemy! Redakcja otrzymała zgłoszenie.',
  duplicates: 'Dziękujemy! Czytelnicy, którzy zgłosili to wcześniej: {n}.',
  queued: 'Brak połączenia. Zgłoszenie zapisano i zostanie wysłane automatycznie.',
  rateLimited: 'Zbyt wiele zgłoszeń. Spróbuj ponownie {t}.',
  invalid: 'Zgłoszenie nie zostało przyjęte:',
  failed: 'Nie udało się wysłać zgłoszenia. Spróbuj później.',
  rejected: 'Ta strona nie przyjmuje teraz zgłoszeń.',
  hint: 'Zaznacz tekst z błędem i naciśnij Ctrl+Enter (⌘+Enter na Macu).',
  long: 'Zaznaczenie jest za długie ({n} znaków, najwyżej {max}). Zaznacz tylko błąd.',
  cut: 'Zostanie zgłoszony tylko pierwszy akapit zaznaczenia.',
} satisfies Messages;
