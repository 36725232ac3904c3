import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entityTokens } from './entity-tokens';
import { readGuardText } from './guard-text';
import { negationCount } from './negation-cues';
import { numberTokens } from './number-tokens';
import { polaritySides, stem } from './polarity-words';

const read = readGuardText;

describe('guard tokens', () => {
  it('normalises numbers written in digits and words', () => {
    assert.deepEqual(numberTokens(read('Split 1,000 rows into twenty five files of 2.50 MB')), ['1000', '2.5', '25']);
    assert.deepEqual(numberTokens(read('one hundred and five')), ['105']);
    assert.deepEqual(numberTokens(read('Which one is better?')), []);
    assert.deepEqual(numberTokens(read('Enable 2FA on gpt-4o')), ['2fa', 'gpt-4o']);
    assert.deepEqual(numberTokens(read('the second item')), ['2nd']);
  });

  it('counts negation cues after expanding contractions', () => {
    assert.equal(negationCount(read("I don't want sugar")), 1);
    assert.equal(negationCount(read('I do not want sugar')), 1);
    assert.equal(negationCount(read("Can't I have it without ice?")), 2);
    assert.equal(negationCount(read('coffee with sugar')), 0);
  });

  it('stems inflections onto the same side of an opposition', () => {
    for (const [base, ...forms] of [
      ['enable', 'enables', 'enabled', 'enabling'],
      ['raise', 'raises', 'raised', 'raising'],
      ['close', 'closes', 'closed', 'closing'],
      ['compress', 'compresses', 'compressed', 'compressing'],
      ['increase', 'increases', 'increased', 'increasing'],
      ['denied', 'denies'],
    ]) {
      for (const form of forms) assert.equal(stem(form), stem(base as string), form);
    }
    assert.deepEqual([...(polaritySides(read('Turn it off now')).get('toggle') ?? [])], ['off']);
    assert.deepEqual([...(polaritySides(read('Please turn on dark mode')).get('toggle') ?? [])], ['on']);
    assert.deepEqual([...(polaritySides(read('How do I disable it?')).get('toggle') ?? [])], ['off']);
  });

  it('finds names, acronyms and identifiers, not sentence openers', () => {
    assert.deepEqual([...entityTokens(read('What is the capital of France? Tell me about AWS and my_table.'))].sort(), [
      'aws',
      'france',
      'my_table',
    ]);
    assert.deepEqual([...entityTokens(read('How To Install Docker On Ubuntu'))], []);
    assert.deepEqual([...entityTokens(read("What's Spain's capital?"))], ['spain']);
  });
});
