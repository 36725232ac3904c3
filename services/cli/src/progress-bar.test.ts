import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressBar } from './progress-bar';

test('off a terminal, a line per status change or tenth of the work', () => {
  const lines: string[] = [];
  const bar = new ProgressBar({ write: (text) => lines.push(text) });
  bar.update({ status: 'validating', total: 0, completed: 0, failed: 0 });
  bar.update({ status: 'in_progress', total: 100, completed: 1, failed: 0 });
  bar.update({ status: 'in_progress', total: 100, completed: 5, failed: 0 });
  bar.update({ status: 'in_progress', total: 100, completed: 48, failed: 2 });
  bar.update({ status: 'completed', total: 100, completed: 97, failed: 3 });
  assert.deepEqual(lines, [
    '[------------------------------] 0% 0/0 (0 failed) validating\n',
    '[------------------------------] 1% 1/100 (0 failed) in_progress\n',
    '[###############---------------] 50% 50/100 (2 failed) in_progress\n',
    '[##############################] 100% 100/100 (3 failed) completed\n',
  ]);
});

test('on a terminal, the bar is redrawn in place', () => {
  let text = '';
  const bar = new ProgressBar({ write: (chunk) => (text += chunk), isTTY: true });
  bar.update({ status: 'in_progress', total: 4, completed: 1, failed: 0 });
  bar.update({ status: 'in_progress', total: 4, completed: 1, failed: 0 });
  bar.update({ status: 'completed', total: 4, completed: 4, failed: 0 });
  bar.finish();
  assert.equal(text.split('\r').length, 3, 'two draws, the repeat skipped');
  assert.ok(text.endsWith('completed\u001b[K\n'));
});

test('a detail replaces the counts, for work measured in other units', () => {
  const lines: string[] = [];
  const bar = new ProgressBar({ write: (text) => lines.push(text) });
  bar.update({ status: 'uploading', total: 200, completed: 100, failed: 0, detail: '0.1/0.2 MB' });
  assert.deepEqual(lines, ['[###############---------------] 50% 0.1/0.2 MB uploading\n']);
});
