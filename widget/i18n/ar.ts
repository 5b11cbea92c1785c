import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// Arabic (right to left).

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: 'هل وجدت خطأ؟ حدده ثم اضغط {k}.',
  tap: 'هل وجدت خطأ؟ حدده ثم المس الزر.',
  ctrl: 'Ctrl',
  enter: 'Enter',
  long: 'التحديد طويل جدًا ({n} حرفًا، والحد {max}). حدد الخطأ فقط.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
  title: 'الإبلاغ عن خطأ إملائي',
  context: 'النص المحدد',
  correction: 'التصحيح',
  comment: 'تعليق (اختياري)',
  kind: 'ما الخطأ',
  kinds: { typo: 'إملاء أو نحو', fact: 'معلومة خاطئة', link: 'رابط معطل', other: 'شيء آخر' },
  send: 'إرسال',
  sending: 'جارٍ الإرسال…',
  cancel: 'إلغاء',
  close: 'إغلاق',
  sent: 'شكرًا! وصل بلاغك إلى المحررين.',
  duplicates: 'شكرًا! عدد القراء الذين أبلغوا عن هذا قبلك: {n}.',
  queued: 'لا يوجد اتصال الآن. حُفظ بلاغك وسيُرسل تلقائيًا.',
  rateLimited: 'بلاغات كثيرة جدًا. حاول مرة أخرى {t}.',
  invalid: 'لم يُقبل البلاغ:',
  failed: 'تعذر إرسال البلاغ. حاول لاحقًا.',
  rejected: 'هذا الموقع لا يقبل البلاغات حاليًا.',
  notSetUp: 'هذا العنوان غير مهيأ لاستقبال البلاغات، لذلك لم يُرسل شيء.',
  cut: 'ستُرسل الفقرة الأولى فقط من التحديد.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'تم التصحيح: «{a}» ← «{b}». شكرًا لك!',
  plain: 'تم التصحيح: «{a}». شكرًا لك!',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'الإبلاغ عن خطأ' };
