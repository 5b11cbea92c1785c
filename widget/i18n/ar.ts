import type { Messages } from './messages.js';

/** Arabic (right to left). */
export default {
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
  hint: 'حدد النص الذي فيه الخطأ ثم اضغط Ctrl+Enter (أو ⌘+Enter على Mac).',
  long: 'التحديد طويل جدًا ({n} حرفًا، والحد {max}). حدد الخطأ فقط.',
  cut: 'ستُرسل الفقرة الأولى فقط من التحديد.',
} satisfies Messages;
