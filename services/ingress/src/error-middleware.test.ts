import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '@sluice/observability';
import type { Request } from 'express';
import { answerableError } from './error-middleware';

test('an unknown failure is a generic 500 naming only the id it is logged under, never its own message', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'error', destination });
  const request = { path: '/v1/chat/completions' } as Request;
  const answer = answerableError(new Error('password=hunter2 at db.internal:5432'), request, {
    logger,
    bodyLimit: 1024,
    events: { publish: async () => undefined },
  });
  assert.equal(answer.status, 500);
  assert.equal(answer.code, 'internal_error');
  assert.doesNotMatch(answer.message, /hunter2|db\.internal/);
  const incidentId = /err_[0-9a-f-]{36}/.exec(answer.message)?.[0];
  assert.ok(incidentId, answer.message);
  const logged = lines.map((line) => JSON.parse(line) as { incidentId?: string; err?: { message?: string } });
  assert.equal(logged[0]?.incidentId, incidentId);
  assert.match(logged[0]?.err?.message ?? '', /hunter2/);
});
