import type { DialogWords, HintWords, ToldWords, TouchWords } from './words.js';

// French.

/** How to report here, for `data-misprint-hint` elements and the hint shown when nothing is selected. */
export const hint: HintWords = {
  keys: 'Une coquille ? Sélectionnez-la et appuyez sur {k}.',
  tap: 'Une coquille ? Sélectionnez-la et touchez le bouton.',
  ctrl: 'Ctrl',
  enter: 'Entrée',
  long: 'La sélection est trop longue ({n} caractères, {max} au plus). Sélectionnez seulement l’erreur.',
};

/** The dialog's words. */
export const dialog: DialogWords = {
  title: 'Signaler une coquille',
  context: 'Texte sélectionné',
  correction: 'Correction',
  comment: 'Commentaire (facultatif)',
  kind: 'Quel est le problème',
  kinds: { typo: 'Orthographe ou grammaire', fact: 'Fait erroné', link: 'Lien cassé', other: 'Autre chose' },
  send: 'Envoyer',
  sending: 'Envoi…',
  cancel: 'Annuler',
  close: 'Fermer',
  sent: 'Merci ! La rédaction a reçu votre signalement.',
  duplicates: 'Merci ! Lecteurs l’ayant signalé avant vous : {n}.',
  queued: 'Pas de connexion pour le moment. Votre signalement est enregistré et sera envoyé automatiquement.',
  rateLimited: 'Trop de signalements. Réessayez {t}.',
  invalid: 'Le signalement n’a pas été accepté :',
  failed: 'Le signalement n’a pas pu être envoyé. Réessayez plus tard.',
  rejected: 'Ce site n’accepte pas de signalements pour le moment.',
  notSetUp: 'Cette adresse n’est pas configurée pour les signalements : rien n’a été envoyé.',
  cut: 'Seul le premier paragraphe de la sélection sera signalé.',
};

/** The toast that tells a reader their report was fixed. */
export const told: ToldWords = {
  fixed: 'Corrigé : « {a} » → « {b} ». Merci !',
  plain: 'Corrigé : « {a} ». Merci !',
};

/** The report button under a selection on touch screens. */
export const touch: TouchWords = { button: 'Signaler une coquille' };
