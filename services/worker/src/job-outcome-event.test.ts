import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonText, type ProviderJob, type ProviderJobInput } from '@sluice/queues';
import { oneTargetJob } from '../../../test/helpers/provider-job-fixture';
import { type JobOutcome, jobOutcomeEvent } from './job-outcome-event';

const canonical = { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }] };
const anthropic = { model: 'gpt-4o-mini', max_tokens: 64, system: 'Be brief.', messages: [] };

const job = (overrides: Partial<ProviderJobInput> = {}): ProviderJob => oneTargetJob({ body: canonical, ...overrides });

const outcomeOf = (provider: ProviderJob, overrides: Partial<JobOutcome> = {}): JobOutcome => ({
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
  ...overrides,
});

const bodiesOf = (provider: ProviderJob, dialect?: 'responses') => {
  const { request_body, translated_request_body } = jobOutcomeEvent(outcomeOf(provider, { dialect }));
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

describe('jobOutcomeEvent response body (docs/request-log.md)', () => {
  const answer = '{\n  "object": "chat.completion",\n  "choices": []\n}';
  const responseOf = (overrides: Partial<JobOutcome>) => jobOutcomeEvent(outcomeOf(job(), overrides)).response_body;

  it('logs an answer known to be JSON as the text it came as, never parsed or serialised again', () => {
    assert.deepEqual(responseOf({ responseBody: answer, loggedAsJson: true }), new JsonText(answer));
    assert.deepEqual(
      responseOf({ responseBody: undefined, streamedBody: answer, loggedAsJson: true }),
      new JsonText(answer),
    );
  });

  it('parses an answer not known to be JSON, and logs one that is not JSON as its text', () => {
    assert.deepEqual(responseOf({ responseBody: answer }), { object: 'chat.completion', choices: [] });
    assert.equal(
      responseOf({ responseBody: '1\n00:00:00,000 --> 00:00:01,000\nHello' }),
      '1\n00:00:00,000 --> 00:00:01,000\nHello',
    );
  });

  it('logs no response when the request asked to omit bodies', () => {
    const omitted = job({ context: { requestedModel: 'gpt-4o-mini', omitBodies: true } });
    assert.equal(jobOutcomeEvent(outcomeOf(omitted, { loggedAsJson: true })).response_body, undefined);
  });
});
