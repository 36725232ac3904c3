import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { ReplyInbox } from './reply-inbox';

describe('ReplyInbox', () => {
  test('waits towards one deadline across messages, and ends the wait at it', async () => {
    const inbox = new ReplyInbox(() => undefined);
    const deadline = Date.now() + 80;
    const next = () => inbox.next(deadline - Date.now());
    const first = next();
    inbox.push({ kind: 'stream-ended' });
    assert.deepEqual(await first, { kind: 'stream-ended' });
    await delay(20);
    const started = Date.now();
    assert.equal(await next(), undefined);
    assert.ok(Math.abs(Date.now() - deadline) < 25, `ended ${Date.now() - deadline} ms from the deadline`);
    assert.ok(Date.now() - started >= 40);
    inbox.close();
  });

  test('a wait towards another moment gets a timer of its own', async () => {
    const inbox = new ReplyInbox(() => undefined);
    const early = inbox.next(30);
    inbox.push({ kind: 'stream-ended' });
    await early;
    const late = inbox.next(300);
    await delay(60);
    inbox.push({ kind: 'stream-ended' });
    assert.deepEqual(await late, { kind: 'stream-ended' }, 'not ended at the earlier moment');
    const started = Date.now();
    assert.equal(await inbox.next(30), undefined);
    assert.ok(Date.now() - started < 200, 'ended at its own moment, not the later one');
    inbox.close();
  });

  test('close ends the wait and lets the process exit (no timer left)', async () => {
    let closed = false;
    const inbox = new ReplyInbox(() => {
      closed = true;
    });
    const waiting = inbox.next(60_000);
    inbox.close();
    assert.equal(await waiting, undefined);
    assert.equal(closed, true);
    assert.equal(await inbox.next(60_000), undefined);
  });

  test('hasQueued says whether a message waits to be returned', async () => {
    const inbox = new ReplyInbox(() => undefined);
    assert.equal(inbox.hasQueued, false);
    inbox.push({ kind: 'stream-ended' });
    assert.equal(inbox.hasQueued, true);
    await inbox.next(1_000);
    assert.equal(inbox.hasQueued, false);
    inbox.close();
  });
});
