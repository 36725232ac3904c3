import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonText, type ProviderJob, type ProviderJobInput } from '@sluice/queues';
import { oneTargetJob } from '../../../test/helpers/provider-job-fixture';
import { type JobOutcome, jobOutcomeEvent } from './job-outcome-event';

const canonical = { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }] };
const anthropic = { model: 'gpt-4o-mini', max_tokens: 64, system: 'Be brief.', messages: [] };

const job = (overrides: Partial<ProviderJobInput> = {}): ProviderJob => oneTargetJob({ body: canonical, ...overrides });

const bodiesOf = (provider: ProviderJob, dialect?: 'responses') => {
  const outcome: JobOutcome = {
    job: provider,
    jobId: undefined,
    attempts: [],
    startedAt: 0,
    completedAt: 1,
    provider: 'openai',
    servedModel: 'gpt-4o-mini',
    usage: undefined,
    ttftMs: undefined,
    responseBody: '{"object":"chat.completion","choices":[]}',
    error: undefined,
    cancelled: false,
    dialect,
  };
  const { request_body, translated_request_body } = jobOutcomeEvent(outcome);
  return { request_body, translated_request_body };
};
const native = (loggedAsSent: boolean) => ({
  dialect: 'anthropic' as const,
  body: JSON.stringify(anthropic),
  headers: {},
  loggedAsSent,
});

describe('jobOutcomeEvent request bodies (docs/request-log.md)', () => {
  it('logs an OpenAI request once, as it came', () => {
    assert.deepEqual(bodiesOf(job()), { request_body: canonical, translated_request_body: undefined });
  });

  it('logs a request the job carries as the client’s text as that text, never parsed or serialised again', () => {
    const text = `{ "messages": ${JSON.stringify(canonical.messages)}, "model": "gpt-4o-mini" }`;
    const { request_body, translated_request_body } = bodiesOf(job({ body: { model: 'gpt-4o-mini' }, bodyText: text }));
    assert.deepEqual([request_body, translated_request_body], [new JsonText(text), undefined]);
  });

  it('logs a translated /v1/messages request as the client sent it, with the translation beside it', () => {
    assert.deepEqual(bodiesOf(job({ native: native(false) })), {
      request_body: new JsonText(JSON.stringify(anthropic)),
      translated_request_body: canonical,
    });
  });

  it('logs a forwarded request once, as the text it came as: the job body is only the fields Sluice reads', () => {
    const forwarded = job({ body: { model: 'gpt-4o-mini', max_tokens: 64 }, native: native(true) });
    assert.deepEqual(bodiesOf(forwarded), {
      request_body: new JsonText(JSON.stringify(anthropic)),
      translated_request_body: undefined,
    });
  });

  it('logs a forwarded body of only whitespace (no JSON to carry as it is) as that text', () => {
    const blank = job({ native: { ...native(true), body: ' \n' } });
    assert.deepEqual(bodiesOf(blank), { request_body: ' \n', translated_request_body: undefined });
  });

  it('logs a Responses request as sent, and its chat translation unless an account answered it natively', () => {
    const responses = { model: 'gpt-4o-mini', input: 'Be brief.' };
    assert.deepEqual(bodiesOf(job({ responses: { body: responses } })), {
      request_body: responses,
      translated_request_body: canonical,
    });
    assert.deepEqual(bodiesOf(job({ responses: { body: responses } }), 'responses'), {
      request_body: responses,
      translated_request_body: undefined,
    });
  });

  it('logs a Responses request’s translation the job carries as text as that text, never parsed or serialised again', () => {
    const responses = { model: 'gpt-4o-mini', input: 'Be brief.' };
    const text = JSON.stringify(canonical);
    const carried = job({ body: { model: 'gpt-4o-mini' }, bodyText: text, responses: { body: responses } });
    assert.deepEqual(bodiesOf(carried), { request_body: responses, translated_request_body: new JsonText(text) });
  });

  it('logs no body when the request asked to omit them', () => {
    const omitted = job({ native: native(false), context: { requestedModel: 'gpt-4o-mini', omitBodies: true } });
    assert.deepEqual(bodiesOf(omitted), { request_body: undefined, translated_request_body: undefined });
  });
});
