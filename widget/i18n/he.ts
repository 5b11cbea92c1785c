import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// Hebrew (right to left).

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: 'מצאתם שגיאה? סמנו אותה והקישו {k}.',
  tap: 'מצאתם שגיאה? סמנו אותה והקישו על הכפתור.',
  ctrl: 'Ctrl',
  enter: 'Enter',
  long: 'הבחירה ארוכה מדי ({n} תווים, לכל היותר {max}). סמנו רק את השגיאה.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
  title: 'דיווח על שגיאת כתיב',
  context: 'הטקסט שנבחר',
  correction: 'תיקון',
  comment: 'הערה (לא חובה)',
  kind: 'מה שגוי',
  kinds: { typo: 'כתיב או דקדוק', fact: 'עובדה שגויה', link: 'קישור שבור', other: 'משהו אחר' },
  send: 'שליחה',
  sending: 'שולח…',
  cancel: 'ביטול',
  close: 'סגירה',
  sent: 'תודה! הדיווח הגיע למערכת.',
  duplicates: 'תודה! קוראים שדיווחו על כך לפניך: {n}.',
  queued: 'אין חיבור כרגע. הדיווח נשמר וישלח אוטומטית.',
  rateLimited: 'יותר מדי דיווחים. נסו שוב {t}.',
  invalid: 'הדיווח לא התקבל:',
  failed: 'לא ניתן היה לשלוח את הדיווח. נסו שוב מאוחר יותר.',
  rejected: 'האתר אינו מקבל דיווחים כרגע.',
  notSetUp: 'הכתובת הזו אינה מוגדרת לדיווחים, ולכן דבר לא נשלח.',
  cut: 'רק הפסקה הראשונה בבחירה תדווח.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'תוקן: "{a}" ← "{b}". תודה!',
  plain: 'תוקן: "{a}". תודה!',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'דיווח על שגיאה' };
