import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// Russian.

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: 'Заметили ошибку? Выделите её и нажмите {k}.',
  tap: 'Заметили ошибку? Выделите её и нажмите на кнопку.',
  ctrl: 'Ctrl',
  enter: 'Enter',
  long: 'Выделено слишком много ({n} символов, максимум {max}). Выделите только ошибку.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
  title: 'Сообщить об ошибке',
  context: 'Выделенный текст',
  correction: 'Исправление',
  comment: 'Комментарий (необязательно)',
  kind: 'Что не так',
  kinds: { typo: 'Орфография или грамматика', fact: 'Неверный факт', link: 'Битая ссылка', other: 'Другое' },
  send: 'Отправить',
  sending: 'Отправка…',
  cancel: 'Отмена',
  close: 'Закрыть',
  sent: 'Спасибо! Редакция получила ваше сообщение.',
  duplicates: 'Спасибо! Читателей, сообщивших об этом раньше: {n}.',
  queued: 'Сейчас нет связи. Сообщение сохранено и будет отправлено автоматически.',
  rateLimited: 'Слишком много сообщений. Попробуйте ещё раз {t}.',
  invalid: 'Сообщение не принято:',
  failed: 'Не удалось отправить сообщение. Попробуйте позже.',
  rejected: 'Этот сайт сейчас не принимает сообщения.',
  notSetUp: 'Этот адрес не настроен для сообщений, поэтому ничего не отправлено.',
  cut: 'Будет отправлен только первый абзац выделения.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'Исправлено: «{a}» → «{b}». Спасибо!',
  plain: 'Исправлено: «{a}». Спасибо!',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'Сообщить об ошибке' };
