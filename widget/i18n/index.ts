/**
 * Messages by language. Each language is its own tiny chunk, fetched with the dialog: a reader
 * downloads one language, and the dialog chunk stays within its size budget.
 */
import type { Lang } from '../lang.js';
import type { Messages } from './messages.js';

type Loader = () => Promise<{ default: Messages }>;

const LOADERS: Record<Lang, Loader> = {
  en: () => import('./en.js'),
  uk: () => import('./uk.js'),
  ru: () => import('./ru.js'),
  de: () => import('./de.js'),
  fr: () => import('./fr.js'),
  es: () => import('./es.js'),
  pl: () => import('./pl.js'),
  it: () => import('./it.js'),
  pt: () => import('./pt.js'),
  ar: () => import('./ar.js'),
  he: () => import('./he.js'),
};

/** The messages of `lang`, from its chunk (same server as the dialog, so no fallback could help). */
export async function loadMessages(lang: Lang): Promise<Messages> {
  return (await LOADERS[lang]()).default;
}
