import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { type OpenAIGatewayFixture, startOpenAIGatewayFixture } from '../helpers/openai-gateway-fixture';

const CONFIGS = `configs:
  cached:
    strategy: single
    targets: [{ provider: openai, model: gpt-4o-mini }]
    cache: { mode: exact, ttl_s: 600 }
  uncached:
    strategy: single
    targets: [{ provider: openai, model: gpt-4o-mini }]
default_config: cached
`;

describe('identical requests in flight at once (docs/dashboard.md, "first run")', () => {
  let fixture: OpenAIGatewayFixture;

  before(async () => {
    fixture = await startOpenAIGatewayFixture(CONFIGS);
  });
  after(async () => {
    await fixture.stop();
  });
  afterEach(() => fixture.simulator.reset());

  const burst = (content: string, config: string, count: number, stream = false) =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const response = await fetch(`${fixture.gateway.baseURL}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sluice-config': config },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], stream }),
        });
        return { status: response.status, cache: response.headers.get('x-sluice-cache'), body: await response.text() };
      }),
    );

  test('with the cache on, a burst of identical requests makes one upstream call; the rest are cache hits', async () => {
    fixture.simulator.configure({ latencyMs: 400 });
    const answers = await burst('What is a sluice gate?', 'cached', 6);
    assert.equal(fixture.simulator.stats().requests, 1, 'one upstream call');
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 200, 200, 200, 200, 200]);
    assert.deepEqual(answers.map((answer) => answer.cache).sort(), [
      'hit-exact',
      'hit-exact',
      'hit-exact',
      'hit-exact',
      'hit-exact',
      'miss',
    ]);
    for (const answer of answers) assert.match(answer.body, /Echo: What is a sluice gate\?/);
  });

  test('a streamed duplicate waits too, and is replayed from the cache', async () => {
    fixture.simulator.configure({ latencyMs: 400 });
    const [plain, streamed] = await Promise.all([
      burst('Streamed twin', 'cached', 1),
      burst('Streamed twin', 'cached', 1, true),
    ]);
    assert.equal(fixture.simulator.stats().requests, 1);
    assert.deepEqual([plain?.[0]?.cache, streamed?.[0]?.cache].sort(), ['hit-exact', 'miss']);
    assert.match(streamed?.[0]?.body ?? '', /data: \[DONE\]/);
  });

  test('with the cache off, every request still goes upstream', async () => {
    fixture.simulator.configure({ latencyMs: 300 });
    const answers = await burst('Not cached', 'uncached', 4);
    assert.equal(fixture.simulator.stats().requests, 4);
    assert.ok(answers.every((answer) => answer.cache === 'off'));
  });

  test('when the leader fails, the waiting duplicates go upstream themselves', async () => {
    fixture.simulator.configure({ latencyMs: 300, failCount: 1, failStatus: 400 });
    const answers = await burst('Leader fails', 'cached', 3);
    assert.equal(fixture.simulator.stats().requests, 3);
    assert.equal(answers.filter((answer) => answer.status === 200).length, 2);
  });
});
