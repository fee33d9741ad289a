import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, escapeFormulaText, toCsv, unescapeFormulaText } from './write';

describe('CSV writer', () => {
  it('writes plain cells as they are and numbers plainly, negative ones included', () => {
    expect(csvRow(['visitors', '2026-01-05', 1200, null, undefined])).toBe('visitors,2026-01-05,1200,,\r\n');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(1e21)).toBe('1e+21');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(new Date('2026-01-05T10:00:00Z'))).toBe('2026-01-05T10:00:00.000Z');
  });

  it('quotes cells with commas, quotes, CR or LF and doubles the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(' spaced ')).toBe(' spaced ');
  });

  it('escapes text cells that a spreadsheet would run as a formula', () => {
    expect(csvCell('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tTab')).toBe("'\tTab");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('=HYPERLINK("http://x","y"),z')).toBe('"\'=HYPERLINK(""http://x"",""y""),z"');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes nothing for null and undefined, and booleans as words', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(false)).toBe('false');
  });

  it('unescapes only a leading apostrophe before a formula character', () => {
    for (const text of ['a=b', 'x+1', 'x-1', 'a@b']) expect(unescapeFormulaText(text)).toBe(text);
    expect(unescapeFormulaText("'-1")).toBe('-1');
  });

  it('undoes its own formula escaping and nothing else', () => {
    for (const text of ['=1+1', '+1', '-1', '@x', '\tx', '\rx', "'plain", 'plain', "'"]) {
      expect(unescapeFormulaText(escapeFormulaText(text))).toBe(text);
    }
  });

  it('writes a file with CRLF line ends and an optional byte-order mark', () => {
    expect(toCsv([['a', 'b'], [1, 2]])).toBe('a,b\r\n1,2\r\n');
    expect(toCsv([['a']], { bom: true })).toBe('\ufeffa\r\n');
  });
});
