import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ResponseObject, responseShell } from '../responses/response-object';
import { ResponsesRequestSchema } from '../responses/responses-request-schema';
import { responsesReplyFormat } from './responses-reply-format';

const shell = responseShell(ResponsesRequestSchema.parse({ model: 'm', input: 'x' }), { id: 'resp_1', createdAt: 1 });
const event = (type: string, fields: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;

describe('responsesReplyFormat, a native stream', () => {
  const created = event('response.created', { response: { id: 'resp_n', status: 'in_progress' } });
  const delta = event('response.output_text.delta', { delta: 'hi' });
  const completed = event('response.completed', { response: { id: 'resp_n', status: 'completed' } });

  it('writes each read of events as it came, and stores the response of the final event wherever it falls', async () => {
    const stored: ResponseObject[] = [];
    const finished = async (response: ResponseObject) => {
      stored.push(response);
    };
    const writer = responsesReplyFormat({ shell, toolNames: new Map(), finished }).createStreamWriter();
    const pieces = [created + delta, delta + completed + event('response.queued', {})];
    assert.deepEqual(
      pieces.map((piece) => writer.chunk(piece)),
      pieces,
    );
    assert.equal(writer.end(), '');
    await writer.settled?.();
    assert.deepEqual(stored, [{ id: 'resp_n', status: 'completed' }]);
  });

  it('reads no event when nothing is stored', async () => {
    const writer = responsesReplyFormat({ shell, toolNames: new Map() }).createStreamWriter();
    const unreadable = 'event: response.completed\ndata: {not json\n\n';
    assert.equal(writer.chunk(created), created);
    assert.equal(writer.chunk(unreadable), unreadable);
    assert.equal(writer.end(), '');
  });
});
