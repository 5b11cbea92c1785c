import type { Messages } from './messages.js';

/** Spanish. */
export default {
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
  hint: 'Seleccione el texto con el error y pulse Ctrl+Intro (⌘+Intro en Mac).',
  long: 'La selección es demasiado larga ({n} caracteres, máximo {max}). Seleccione solo el error.',
  cut: 'Solo se enviará el primer párrafo de la selección.',
} satisfies Messages;
