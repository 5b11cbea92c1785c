import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// Polish.

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: 'Widzisz literówkę? Zaznacz ją i naciśnij {k}.',
  tap: 'Widzisz literówkę? Zaznacz ją i dotknij przycisku.',
  ctrl: 'Ctrl',
  enter: 'Enter',
  long: 'Zaznaczenie jest za długie ({n} znaków, najwyżej {max}). Zaznacz tylko błąd.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
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
  notSetUp: 'Ten adres nie jest skonfigurowany do zgłoszeń, więc nic nie wysłano.',
  cut: 'Zostanie zgłoszony tylko pierwszy akapit zaznaczenia.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'Poprawione: „{a}” → „{b}”. Dziękujemy!',
  plain: 'Poprawione: „{a}”. Dziękujemy!',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'Zgłoś literówkę' };
