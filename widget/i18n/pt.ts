import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// Portuguese (European).

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: 'Encontrou um erro? Selecione-o e prima {k}.',
  tap: 'Encontrou um erro? Selecione-o e toque no botão.',
  ctrl: 'Ctrl',
  enter: 'Enter',
  long: 'A seleção é demasiado longa ({n} caracteres, no máximo {max}). Selecione só o erro.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
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
  notSetUp: 'Este endereço não está configurado para avisos; nada foi enviado.',
  cut: 'Só o primeiro parágrafo da seleção será enviado.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'Corrigido: «{a}» → «{b}». Obrigado!',
  plain: 'Corrigido: «{a}». Obrigado!',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'Comunicar um erro' };
