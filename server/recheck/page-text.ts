/**
 * A page's text as the widget's capture sees it (widget/text.ts), from its HTML: scripts, styles,
 * other never-rendered elements, `hidden` / `aria-hidden` ones and `[data-misprint-ignore]`
 * subtrees left out; whitespace runs as one space; block boundaries as one newline, which no
 * quote's context crosses. Parsed with htmlparser2's streaming tokenizer, so no tree is built.
 */
import { Parser } from 'htmlparser2';

/** Elements whose content is never rendered as text (the widget's list). */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'select',
  'input',
  'head',
  'title',
  'iframe',
  'object',
  'video',
  'audio',
  'canvas',
  'svg',
  'math',
]);

/** Elements displayed as blocks by default: their edges end a block of text. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Soft hyphen, zero-width space, word joiner, BOM: invisible, and the capture drops them too. */
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;

/** Whether an element and everything in it is left out. */
function isIgnored(name: string, attributes: Record<string, string>): boolean {
  return (
    SKIPPED.has(name) ||
    'data-misprint-ignore' in attributes ||
    'data-misprint-host' in attributes ||
    'hidden' in attributes ||
    attributes['aria-hidden'] === 'true'
  );
}

/** The visible text of an HTML document, NFC-normalised like reports. */
export function pageText(html: string): string {
  const out: string[] = [];
  let pendingSpace = false;
  let pendingBreak = false;
  /** Per open element: whether it (or an ancestor) is ignored. */
  const ignored: boolean[] = [];
  const inIgnored = () => ignored.at(-1) === true;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const skip = inIgnored() || isIgnored(name, attributes);
        ignored.push(skip);
        if (skip) return;
        if (name === 'br') pendingSpace = true;
        else if (BLOCKS.has(name)) pendingBreak = true;
      },
      onclosetag(name) {
        const skip = ignored.pop() === true;
        if (!skip && BLOCKS.has(name)) pendingBreak = true;
      },
      ontext(data) {
        if (inIgnored()) return;
        for (const part of data.replace(INVISIBLE, '').split(/(\s+)/)) {
          if (part === '') continue;
          if (/^\s+$/.test(part)) {
            pendingSpace = true;
            continue;
          }
          if (out.length > 0 && (pendingBreak || pendingSpace)) out.push(pendingBreak ? '\n' : ' ');
          pendingBreak = pendingSpace = false;
          out.push(part);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return out.join('').normalize('NFC');
}
