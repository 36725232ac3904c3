import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { parseEnv } from './env';

test('log retention defaults to 30 days for rows and bodies, and takes whole days', () => {
  const defaults = parseEnv({});
  assert.deepEqual([defaults.SLUICE_LOG_RETENTION_DAYS, defaults.SLUICE_LOG_BODY_RETENTION_DAYS], [30, 30]);
  const set = parseEnv({ SLUICE_LOG_RETENTION_DAYS: '90', SLUICE_LOG_BODY_RETENTION_DAYS: '7' });
  assert.deepEqual([set.SLUICE_LOG_RETENTION_DAYS, set.SLUICE_LOG_BODY_RETENTION_DAYS], [90, 7]);
});

test('job records are kept SLUICE_JOB_RETENTION_S, but never longer than SLUICE_LOG_RETENTION_DAYS', () => {
  assert.equal(parseEnv({}).SLUICE_JOB_RETENTION_S, 7 * 86_400);
  assert.equal(parseEnv({ SLUICE_JOB_RETENTION_S: '3600' }).SLUICE_JOB_RETENTION_S, 3_600);
  assert.equal(parseEnv({ SLUICE_LOG_RETENTION_DAYS: '2' }).SLUICE_JOB_RETENTION_S, 2 * 86_400);
  const longer = parseEnv({ SLUICE_JOB_RETENTION_S: String(90 * 86_400), SLUICE_LOG_RETENTION_DAYS: '60' });
  assert.equal(longer.SLUICE_JOB_RETENTION_S, 60 * 86_400);
});

test('a bad log retention names the variable', () => {
  assert.throws(
    () => parseEnv({ SLUICE_LOG_RETENTION_DAYS: '0', SLUICE_LOG_BODY_RETENTION_DAYS: 'a week' }),
    (error: unknown) => {
      assert.ok(error instanceof InvalidRequestError);
      assert.deepEqual(error.problems.map((problem) => problem.path).sort(), [
        'SLUICE_LOG_BODY_RETENTION_DAYS',
        'SLUICE_LOG_RETENTION_DAYS',
      ]);
      return true;
    },
  );
});
