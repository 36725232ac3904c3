import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLogListParams, RequestLogReader, RequestLogWriter } from '@sluice/request-log';
import { makeCompletionEvent } from './completion-event-factory';
import type { SuiteContext } from './request-log-suite';

/** docs/request-log.md: `search` finds rows by the words of their bodies, within the reader's scope. */
export function defineSearchTests(context: SuiteContext): void {
  describe('RequestLogReader.list search', () => {
    const created_at = '2026-04-02T10:00:00.000Z';
    const chat = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
    const answer = (content: string) => ({
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    });
    const events = [
      makeCompletionEvent({
        id: 'asked',
        created_at,
        virtual_key_id: 'vk_a',
        request_body: chat('Where is the lighthouse keeper?'),
        response_body: answer('On the pier.'),
      }),
      makeCompletionEvent({
        id: 'answered',
        created_at,
        virtual_key_id: 'vk_a',
        request_body: chat('Say hello.'),
        response_body: answer('Hello from the Marmalade Factory.'),
      }),
      makeCompletionEvent({
        id: 'other-key',
        created_at,
        virtual_key_id: 'vk_b',
        request_body: chat('The lighthouse, again.'),
        response_body: answer('marmalade'),
      }),
      makeCompletionEvent({ id: 'no-bodies', created_at, virtual_key_id: 'vk_a' }),
    ];
    const reader = () => new RequestLogReader({ database: context.database });
    const found = async (search: string, virtualKeyId: string | undefined) =>
      (await reader().list({ search, from: '2026-04-01', to: '2026-04-03' }, { virtualKeyId })).data
        .map((record) => record.id)
        .sort();

    it('finds a row by a word of its request body and of its response body, only within the key’s scope', async () => {
      await new RequestLogWriter({ database: context.database }).writeBatch(events);
      assert.deepEqual(await found('lighthouse', 'vk_a'), ['asked']);
      assert.deepEqual(await found('MARMALADE', 'vk_a'), ['answered']);
      assert.deepEqual(await found('lighthouse', 'vk_b'), ['other-key']);
      assert.deepEqual(await found('lighthouse', undefined), ['asked', 'other-key']);
      assert.deepEqual(await found('"marmalade factory"', undefined), ['answered']);
      assert.deepEqual(await found('lighthouse -keeper', undefined), ['other-key']);
      assert.deepEqual(await found('submarine', undefined), []);
    });

    it('finds a conversation by its newest turn in each dialect; earlier turns belong to the rows where they were new', async () => {
      const history = [
        { role: 'user', content: 'Tell me about the kestrel.' },
        { role: 'assistant', content: 'A small falcon.' },
      ];
      await new RequestLogWriter({ database: context.database }).writeBatch([
        makeCompletionEvent({
          id: 'openai-turn',
          created_at,
          request_body: { messages: [...history, { role: 'user', content: 'And the osprey?' }] },
        }),
        makeCompletionEvent({
          id: 'anthropic-turn',
          created_at,
          request_body: {
            system: 'You are an ornithologist.',
            messages: [...history, { role: 'user', content: [{ type: 'text', text: 'And the heron?' }] }],
          },
        }),
        makeCompletionEvent({
          id: 'gemini-turn',
          created_at,
          request_body: { contents: [{ role: 'user', parts: [{ text: 'And the puffin?' }] }] },
        }),
        makeCompletionEvent({
          id: 'responses-turn',
          created_at,
          request_body: { input: [{ role: 'user', content: [{ type: 'input_text', text: 'And the wren?' }] }] },
        }),
        makeCompletionEvent({ id: 'embedding', created_at, request_body: { input: ['a gannet', 'a grebe'] } }),
      ]);
      assert.deepEqual(await found('osprey', undefined), ['openai-turn']);
      assert.deepEqual(await found('heron', undefined), ['anthropic-turn']);
      assert.deepEqual(await found('puffin', undefined), ['gemini-turn']);
      assert.deepEqual(await found('wren', undefined), ['responses-turn']);
      assert.deepEqual(await found('gannet grebe', undefined), ['embedding']);
      assert.deepEqual(await found('kestrel', undefined), [], 'an earlier turn is not this row’s');
      assert.deepEqual(await found('ornithologist', undefined), [], 'nor is the system prompt resent with it');
    });

    it('finds a response by its answer in each dialect, not by the envelope around it', async () => {
      const envelope = { id: 'resp-quokka', model: 'wombat-large', system_fingerprint: 'fp_numbat' };
      await new RequestLogWriter({ database: context.database }).writeBatch([
        makeCompletionEvent({
          id: 'openai-answer',
          created_at,
          response_body: { ...envelope, ...answer('The bittern booms.') },
        }),
        makeCompletionEvent({
          id: 'anthropic-answer',
          created_at,
          response_body: { ...envelope, type: 'message', content: [{ type: 'text', text: 'The curlew calls.' }] },
        }),
        makeCompletionEvent({
          id: 'responses-answer',
          created_at,
          response_body: {
            ...envelope,
            object: 'response',
            instructions: 'Answer as a warden.',
            output: [{ type: 'message', content: [{ type: 'output_text', text: 'The dunlin wades.' }] }],
          },
        }),
        makeCompletionEvent({
          id: 'gemini-answer',
          created_at,
          response_body: {
            modelVersion: 'wombat-large',
            candidates: [{ content: { parts: [{ text: 'The avocet sweeps.' }] } }],
          },
        }),
        makeCompletionEvent({ id: 'transcription', created_at, response_body: { text: 'The lapwing tumbles.' } }),
      ]);
      assert.deepEqual(await found('bittern', undefined), ['openai-answer']);
      assert.deepEqual(await found('curlew', undefined), ['anthropic-answer']);
      assert.deepEqual(await found('dunlin', undefined), ['responses-answer']);
      assert.deepEqual(await found('avocet', undefined), ['gemini-answer']);
      assert.deepEqual(
        await found('lapwing', undefined),
        ['transcription'],
        'a response without an answer member, whole',
      );
      for (const word of ['quokka', 'wombat', 'numbat', 'warden'])
        assert.deepEqual(await found(word, undefined), [], word);
    });

    it('reads `search` from the query string and refuses an empty one', () => {
      assert.equal(parseLogListParams({ search: '  lighthouse ' }).search, 'lighthouse');
      assert.throws(() => parseLogListParams({ search: ' ' }), /search/);
    });

    it('keeps the translated request beside the body the client sent, and only when there is one', async () => {
      const sent = { model: 'claude-x', max_tokens: 64, messages: [{ role: 'user', content: 'Ahoy' }] };
      const translated = chat('Ahoy');
      await new RequestLogWriter({ database: context.database }).writeBatch([
        makeCompletionEvent({ id: 'translated', created_at, request_body: sent, translated_request_body: translated }),
        makeCompletionEvent({ id: 'as-sent', created_at, request_body: translated }),
      ]);
      const record = await reader().get('translated');
      assert.deepEqual(record?.request_body, sent);
      assert.deepEqual(record?.translated_request_body, translated);
      const plain = await reader().get('as-sent');
      assert.deepEqual(plain?.request_body, translated);
      assert.equal(plain && 'translated_request_body' in plain, false);
      assert.deepEqual(await found('ahoy', undefined), ['as-sent', 'translated']);
    });
  });
}
