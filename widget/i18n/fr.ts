import type { Messages } from './messages.js';

/** French. */
export default {
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
  hint: 'Sélectionnez le texte fautif, puis appuyez sur Ctrl+Entrée (⌘+Entrée sur Mac).',
  long: 'La sélection est trop longue ({n} caractères, {max} au plus). Sélectionnez seulement l’erreur.',
  cut: 'Seul le premier paragraphe de la sélection sera signalé.',
} satisfies Messages;
