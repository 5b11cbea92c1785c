import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// Ukrainian.

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: 'Помітили помилку? Виділіть її й натисніть {k}.',
  tap: 'Помітили помилку? Виділіть її й торкніться кнопки.',
  ctrl: 'Ctrl',
  enter: 'Enter',
  long: 'Виділено забагато ({n} символів, максимум {max}). Виділіть лише помилку.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
  title: 'Повідомити про помилку',
  context: 'Виділений текст',
  correction: 'Виправлення',
  comment: 'Коментар (необовʼязково)',
  kind: 'Що не так',
  kinds: { typo: 'Орфографія чи граматика', fact: 'Хибний факт', link: 'Зламане посилання', other: 'Інше' },
  send: 'Надіслати',
  sending: 'Надсилання…',
  cancel: 'Скасувати',
  close: 'Закрити',
  sent: 'Дякуємо! Редакція отримала ваше повідомлення.',
  duplicates: 'Дякуємо! Читачів, які повідомили про це раніше: {n}.',
  queued: 'Зараз немає звʼязку. Повідомлення збережено й буде надіслано автоматично.',
  rateLimited: 'Забагато повідомлень. Спробуйте ще раз {t}.',
  invalid: 'Повідомлення не прийнято:',
  failed: 'Не вдалося надіслати повідомлення. Спробуйте пізніше.',
  rejected: 'Цей сайт зараз не приймає повідомлень.',
  notSetUp: 'Ця адреса не налаштована для повідомлень, тож нічого не надіслано.',
  cut: 'Буде надіслано лише перший абзац виділення.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'Виправлено: «{a}» → «{b}». Дякуємо!',
  plain: 'Виправлено: «{a}». Дякуємо!',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'Повідомити про помилку' };
