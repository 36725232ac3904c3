/**
 * Shared behaviour of every provider simulator, run against each provider's wire format:
 * plain and streamed answers, scripted failures, rate limiting, dropped connections,
 * the HTTP control routes, concurrency and prompt shutdown.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { parseServerSentEvents } from './parse-server-sent-events';
import type { SimulatorStats } from './simulator-state';
import { providerProfiles } from './simulator-test-profiles';
import type { RunningSimulator } from './start-simulator';

/** Waits, if needed, so the next requests all start early in one wall-clock second. */
async function waitForFreshSecond(): Promise<void> {
  const intoSecond = Date.now() % 1000;
  if (intoSecond > 400) await delay(1000 - intoSecond + 20);
}

for (const profile of providerProfiles) {
  describe(`${profile.provider} simulator`, () => {
    let simulator: RunningSimulator;

    before(async () => {
      simulator = await profile.start();
    });
    after(() => simulator.close());
    beforeEach(() => simulator.reset());

    test('answers a plain call with the echo of the last user message', async () => {
      const response = await profile.sendChat(simulator, { text: 'plain hello' });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.equal(profile.answerText(await response.json()), 'Echo: plain hello');
      assert.equal(simulator.stats().requests, 1);
    });

    test('streams the answer in several deltas with the provider event sequence', async () => {
      const response = await profile.sendChat(simulator, { text: 'stream me please now', stream: true });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
      const text = profile.checkStream(parseServerSentEvents(await response.text()));
      assert.equal(text, 'Echo: stream me please now');
    });

    test('malformed answers 200 with the wrong shape, inserts garbage mid-stream, or drops the terminal event', async () => {
      const streamOf = async () =>
        parseServerSentEvents(
          await (await profile.sendChat(simulator, { text: 'stream me please', stream: true })).text(),
        );
      const normal = await streamOf();
      simulator.configure({ malformed: 'shape' });
      const shaped = await profile.sendChat(simulator, { text: 'garbage please' });
      assert.equal(shaped.status, 200);
      assert.deepEqual(await shaped.json(), { unexpected: 'shape' });
      assert.ok((await streamOf()).every((event) => event.data === '{"unexpected":"shape"}'));
      simulator.configure({ malformed: 'mid-stream' });
      const spoiled = await streamOf();
      assert.equal(spoiled.length, normal.length + 1);
      assert.equal(spoiled[1]?.data, '{"unexpected":"shape"}');
      simulator.configure({ malformed: 'no-terminal' });
      const cut = await streamOf();
      assert.deepEqual(
        cut.map((event) => event.event),
        normal.slice(0, -1).map((event) => event.event),
      );
    });

    test('fails the next failCount requests with 429 and Retry-After, then recovers', async () => {
      simulator.configure({ failStatus: 429, failCount: 2, retryAfterS: 7 });
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const failed = await profile.sendChat(simulator, { text: 'fail me' });
        assert.equal(failed.status, 429);
        assert.equal(failed.headers.get('retry-after'), '7');
        profile.assertErrorBody(await failed.json(), 429);
      }
      const recovered = await profile.sendChat(simulator, { text: 'recovered' });
      assert.equal(recovered.status, 200);
      assert.equal(profile.answerText(await recovered.json()), 'Echo: recovered');
    });

    test('rate-limits requests beyond rateLimitPerSecond within one second', async () => {
      simulator.configure({ rateLimitPerSecond: 2 });
      await waitForFreshSecond();
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, index) => profile.sendChat(simulator, { text: `burst ${index}` })),
      );
      const statuses = responses.map((response) => response.status).sort();
      assert.deepEqual(statuses, [200, 200, 429, 429, 429]);
      for (const response of responses) {
        if (response.status === 200) {
          await response.body?.cancel();
          continue;
        }
        assert.ok(Number(response.headers.get('retry-after')) >= 1);
        profile.assertErrorBody(await response.json(), 429);
      }
      assert.equal(simulator.stats().rateLimited, 3);
    });

    test('drop before-headers makes the request fail without a response', async () => {
      simulator.configure({ drop: 'before-headers' });
      await assert.rejects(profile.sendChat(simulator, { text: 'dropped' }));
      simulator.configure({ drop: undefined });
      const response = await profile.sendChat(simulator, { text: 'after drop' });
      assert.equal(response.status, 200);
      await response.body?.cancel();
    });

    test('drop mid-stream cuts the stream after the first event', async () => {
      simulator.configure({ drop: 'mid-stream' });
      const response = await profile.sendChat(simulator, { text: 'cut short', stream: true });
      assert.equal(response.status, 200);
      await assert.rejects(response.text());
    });

    test('a wrong API key gets the provider authentication error', async () => {
      simulator.configure({ requiredApiKey: 'right-key' });
      const rejected = await profile.sendChat(simulator, { text: 'auth', apiKey: 'wrong-key' });
      const expectedStatus = profile.provider === 'gemini' ? 400 : 401;
      assert.equal(rejected.status, expectedStatus);
      profile.assertErrorBody(await rejected.json(), expectedStatus);
      const accepted = await profile.sendChat(simulator, { text: 'auth', apiKey: 'right-key' });
      assert.equal(accepted.status, 200);
      await accepted.body?.cancel();
    });

    test('knobs, stats and reset are reachable over HTTP', async () => {
      const knobsResponse = await fetch(`${simulator.origin}/__sim/knobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ failStatus: 503, failCount: 1, retryAfterS: 2 }),
      });
      assert.equal(knobsResponse.status, 200);
      const failed = await profile.sendChat(simulator, { text: 'remote knobs' });
      assert.equal(failed.status, 503);
      assert.equal(failed.headers.get('retry-after'), '2');
      profile.assertErrorBody(await failed.json(), 503);
      const statsResponse = await fetch(`${simulator.origin}/__sim/stats`);
      const stats = (await statsResponse.json()) as SimulatorStats;
      assert.equal(stats.requests, 1);
      assert.equal(
        Object.values(stats.perSecond).reduce((sum, count) => sum + count, 0),
        1,
      );
      assert.match(JSON.stringify(stats.lastBody), /remote knobs/);
      const invalid = await fetch(`${simulator.origin}/__sim/knobs`, { method: 'POST', body: '{"drop":"sometimes"}' });
      assert.equal(invalid.status, 400);
      await invalid.body?.cancel();
      const resetResponse = await fetch(`${simulator.origin}/__sim/reset`, { method: 'POST' });
      assert.equal(resetResponse.status, 200);
      await resetResponse.body?.cancel();
      assert.equal(simulator.stats().requests, 0);
    });

    test('concurrent requests each get their own answer', async () => {
      simulator.configure({ latencyMs: 30 });
      const texts = Array.from({ length: 8 }, (_, index) => `concurrent caller ${index}`);
      const answers = await Promise.all(
        texts.map(async (text) => profile.answerText(await (await profile.sendChat(simulator, { text })).json())),
      );
      assert.deepEqual(
        answers,
        texts.map((text) => `Echo: ${text}`),
      );
      assert.ok(simulator.stats().maxInFlight >= 2);
    });
  });
}

test('close() returns promptly while a slow stream is in flight', async () => {
  const profile = providerProfiles[0];
  assert.ok(profile !== undefined);
  const simulator = await profile.start({ knobs: { chunkDelayMs: 5_000 } });
  const response = await profile.sendChat(simulator, { text: 'slow stream', stream: true });
  const reading = response.text();
  const startedAt = Date.now();
  await simulator.close();
  assert.ok(Date.now() - startedAt < 1_000, 'close should not wait for the stream');
  await assert.rejects(reading);
});
