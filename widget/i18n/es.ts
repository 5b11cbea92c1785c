import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// Spanish.

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: '¿Ha visto una errata? Selecciónela y pulse {k}.',
  tap: '¿Ha visto una errata? Selecciónela y toque el botón.',
  ctrl: 'Ctrl',
  enter: 'Intro',
  long: 'La selección es demasiado larga ({n} caracteres, máximo {max}). Seleccione solo el error.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
  title: 'Informar de una errata',
  context: 'Texto seleccionado',
  correction: 'Corrección',
  comment: 'Comentario (opcional)',
  kind: 'Qué está mal',
  kinds: {
    typo: 'Ortografía o gramática',
    fact: 'Un dato erróneo',
    link: 'Un enlace roto',
    other: 'Otra cosa',
  },
  send: 'Enviar',
  sending: 'Enviando…',
  cancel: 'Cancelar',
  close: 'Cerrar',
  sent: '¡Gracias! La redacción ha recibido su aviso.',
  duplicates: '¡Gracias! Lectores que lo avisaron antes: {n}.',
  queued: 'Ahora no hay conexión. Su aviso se ha guardado y se enviará automáticamente.',
  rateLimited: 'Demasiados avisos. Inténtelo de nuevo {t}.',
  invalid: 'El aviso no fue aceptado:',
  failed: 'No se pudo enviar el aviso. Inténtelo más tarde.',
  rejected: 'Este sitio no acepta avisos en este momento.',
  notSetUp: 'Esta dirección no está configurada para recibir avisos; no se ha enviado nada.',
  cut: 'Solo se enviará el primer párrafo de la selección.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'Corregido: «{a}» → «{b}». ¡Gracias!',
  plain: 'Corregido: «{a}». ¡Gracias!',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'Informar de una errata' };
