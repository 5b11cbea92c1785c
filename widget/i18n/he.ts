import type { Messages } from './messages.js';

/** Hebrew (right to left). */
export default {
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
  hint: 'סמנו את הטקסט השגוי והקישו Ctrl+Enter (או ⌘+Enter ב-Mac).',
  long: 'הבחירה ארוכה מדי ({n} תווים, לכל היותר {max}). סמנו רק את השגיאה.',
  cut: 'רק הפסקה הראשונה בבחירה תדווח.',
} satisfies Messages;
