import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvLine } from './csv-line';

test('quotes fields with commas, quotes, line breaks or edge spaces, doubling quotes', () => {
  assert.equal(
    csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', ' padded', 42, true, null, undefined]),
    'plain,"a,b","say ""hi""","two\nlines","cr\rhere"," padded",42,true,,\r\n',
  );
});

test('writes objects and arrays as JSON, quoted as any other text', () => {
  assert.equal(
    csvLine([{ team: 'search' }, [{ status: 200 }], {}]),
    '"{""team"":""search""}","[{""status"":200}]",{}\r\n',
  );
});

test('keeps text a spreadsheet would run as a formula as text, but not numbers', () => {
  assert.equal(
    csvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', -0.5, 'a=b']),
    `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),-0.5,a=b\r\n`,
  );
});
