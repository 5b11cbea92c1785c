import { describe, expect, it } from 'vitest';
import {
  cmsEditUrl,
  encodeFragmentTerm,
  openOnPageUrl,
  safeHttpUrl,
  textDirectives,
} from '../../dashboard/links.js';

const quote = {
  exact: 'recieved',
  prefix: 'Yesterday the city council has ',
  suffix: ' the draft budget on Monday.',
};

describe('text fragment links', () => {
  it('percent-encodes the characters the Text Fragments syntax reserves', () => {
    expect(encodeFragmentTerm('state-of-the-art, cats & dogs')).toBe(
      'state%2Dof%2Dthe%2Dart%2C%20cats%20%26%20dogs',
    );
  });

  it('targets the typo with a few words of context, then a range that survives the fix', () => {
    expect(textDirectives(quote)).toEqual([
      'the%20city%20council%20has-,recieved,-the%20draft%20budget%20on',
      'the%20city%20council%20has,the%20draft%20budget%20on',
    ]);
  });

  it('builds url#:~:text=prefix-,exact,-suffix&text=before,after', () => {
    expect(openOnPageUrl('https://news.example/budget', quote)).toBe(
      'https://news.example/budget#:~:text=the%20city%20council%20has-,recieved,-the%20draft%20budget%20on' +
        '&text=the%20city%20council%20has,the%20draft%20budget%20on',
    );
  });

  it('keeps the range directive valid once the typo is fixed on the page', () => {
    const page = 'Yesterday the city council has received the draft budget on Monday.';
    const [, range] = textDirectives(quote);
    const [start = '', end = ''] = (range ?? '').split(',').map(decodeURIComponent);
    const from = page.indexOf(start);
    expect(from).toBeGreaterThanOrEqual(0);
    expect(page.indexOf(end, from + start.length)).toBeGreaterThan(from);
    expect(range).not.toContain('recieved');
  });

  it('widens a selection inside a word to the whole word, since directives match whole words', () => {
    const [first, range] = textDirectives({
      exact: 'cie',
      prefix: 'the council has re',
      suffix: 'ved the draft',
    });
    expect(first).toBe('the%20council%20has-,recieved,-the%20draft');
    expect(range).toBe('the%20council%20has,the%20draft');
  });

  it('drops a word the 64-character capture cut in half', () => {
    const prefix = `${'x'.repeat(57)} ab cd `;
    expect(prefix.length).toBe(64);
    expect(textDirectives({ exact: 'typo', prefix, suffix: ' here' })[0]).toBe('ab%20cd-,typo,-here');
    expect(textDirectives({ exact: 'typo', prefix: prefix.slice(40), suffix: ' here' })[0]).toBe(
      'xxxxxxxxxxxxxxxxx%20ab%20cd-,typo,-here',
    );
    const suffix = ` ab cd ${'y'.repeat(57)}`;
    expect(suffix.length).toBe(64);
    expect(textDirectives({ exact: 'typo', prefix: 'here ', suffix })[0]).toBe('here-,typo,-ab%20cd');
  });

  it('escapes dashes, commas and ampersands in context so they cannot end a term', () => {
    const [first] = textDirectives({ exact: 'teh', prefix: 'rock-and-roll, ', suffix: ' & more' });
    expect(first).toBe('rock%2Dand%2Droll%2C-,teh,-%26%20more');
  });

  it('matches a long selection by its first and last words', () => {
    const exact = 'one two three four five six seven eight nine ten';
    const [first] = textDirectives({ exact, prefix: '', suffix: '' });
    expect(first).toBe('one%20two%20three%20four,seven%20eight%20nine%20ten');
  });

  it('falls back to the words on one side at the edge of a block', () => {
    expect(textDirectives({ exact: 'Teh', prefix: '', suffix: ' council met' })).toEqual([
      'Teh,-council%20met',
      'council%20met',
    ]);
  });

  it('keeps an existing fragment and replaces an earlier directive', () => {
    expect(openOnPageUrl('https://news.example/#/story/5', { exact: 'a', prefix: '', suffix: '' })).toBe(
      'https://news.example/#/story/5:~:text=a',
    );
    expect(
      openOnPageUrl('https://news.example/x#top:~:text=old', { exact: 'a', prefix: '', suffix: '' }),
    ).toBe('https://news.example/x#top:~:text=a');
  });

  it('refuses to build links for javascript:, data: and relative URLs', () => {
    expect(openOnPageUrl('javascript:alert(1)', quote)).toBeNull();
    expect(openOnPageUrl('JaVaScRiPt:alert(1)//https://x', quote)).toBeNull();
    expect(openOnPageUrl('data:text/html,<script>alert(1)</script>', quote)).toBeNull();
    expect(openOnPageUrl('/relative', quote)).toBeNull();
    expect(safeHttpUrl('https://news.example/a b')).toBe('https://news.example/a%20b');
  });
});

describe('edit in CMS links', () => {
  it('replaces {url} with the encoded page URL', () => {
    expect(cmsEditUrl('https://cms.example/edit?page={url}', 'https://news.example/a?b=1&c=2')).toBe(
      'https://cms.example/edit?page=https%3A%2F%2Fnews.example%2Fa%3Fb%3D1%26c%3D2',
    );
  });

  it('gives no link without a template, for a non-http page, or for a non-http template', () => {
    expect(cmsEditUrl(null, 'https://news.example/')).toBeNull();
    expect(cmsEditUrl('https://cms.example/{url}', 'javascript:alert(1)')).toBeNull();
    expect(cmsEditUrl('javascript:alert("{url}")', 'https://news.example/')).toBeNull();
  });
});
