import type { Messages } from './messages.js';

/** Portuguese. */
export default {
  title: 'Comunicar um erro de digitação',
  context: 'Texto selecionado',
  correction: 'Correção',
  comment: 'Comentário (opcional)',
  kind: 'O que está errado',
  kinds: {
    typo: 'Ortografia ou gramática',
    fact: 'Um facto errado',
    link: 'Uma ligação quebrada',
    other: 'Outra coisa',
  },
  send: 'Enviar',
  sending: 'A enviar…',
  cancel: 'Cancelar',
  close: 'Fechar',
  sent: 'Obrigado! A redação recebeu o seu aviso.',
  duplicates: 'Obrigado! Leitores que já o comunicaram: {n}.',
  queued: 'Sem ligação de momento. O aviso foi guardado e será enviado automaticamente.',
  rateLimited: 'Demasiados avisos. Tente novamente {t}.',
  invalid: 'O aviso não foi aceite:',
  failed: 'Não foi possível enviar o aviso. Tente mais tarde.',
  rejected: 'Este site não aceita avisos de momento.',
  hint: 'Selecione o texto com o erro e prima Ctrl+Enter (⌘+Enter no Mac).',
  long: 'A seleção é demasiado longa ({n} caracteres, no máximo {max}). Selecione só o erro.',
  cut: 'Só o primeiro parágrafo da seleção será enviado.',
} satisfies Messages;
