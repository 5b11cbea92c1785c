import { describe, expect, it } from 'vitest';
import { csvCell, csvRecord } from '../../../server/services/csv.js';

describe('csv', () => {
  it('quotes fields with a comma, quote, CR or LF and doubles quotes (RFC 4180)', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere'])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\rhere"\r\n',
    );
  });

  it('writes null as an empty cell and numbers as they are', () => {
    expect(csvRecord([null, 3, 0])).toBe(',3,0\r\n');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('guards %j against formula injection', (value) => {
    expect(csvCell(value).replace(/^"|"$/g, '')).toMatch(/^'/);
  });

  it('leaves other text alone', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(' =x')).toBe(' =x');
  });
});
