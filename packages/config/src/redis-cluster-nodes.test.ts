import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEnv } from './env';

test('REDIS_CLUSTER_NODES: host:port seeds; unset or empty means one Redis', () => {
  assert.deepEqual(parseEnv({ REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis-b:7001 ,[::1]:7002' }).REDIS_CLUSTER_NODES, {
    nodes: [
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ],
    username: undefined,
    password: undefined,
    tls: false,
  });
  assert.equal(parseEnv({}).REDIS_CLUSTER_NODES, undefined);
  assert.equal(parseEnv({ REDIS_CLUSTER_NODES: '  ' }).REDIS_CLUSTER_NODES, undefined);
});

test('REDIS_CLUSTER_NODES: an entry in REDIS_URL form sets the password and TLS for every node', () => {
  const seeds = parseEnv({
    REDIS_CLUSTER_NODES: 'rediss://app:s%40cret@a.example:6380,b.example:6380',
  }).REDIS_CLUSTER_NODES;
  assert.deepEqual(seeds, {
    nodes: [
      { host: 'a.example', port: 6380 },
      { host: 'b.example', port: 6380 },
    ],
    username: 'app',
    password: 's@cret',
    tls: true,
  });
});

test('REDIS_CLUSTER_NODES: a malformed entry stops start-up naming the variable, never echoing a password', () => {
  for (const value of ['a.example', 'a.example:99999', 'http://a.example:1', ',']) {
    assert.throws(
      () => parseEnv({ REDIS_CLUSTER_NODES: value }),
      (error: Error) => error.message.includes('REDIS_CLUSTER_NODES'),
      value,
    );
  }
  assert.throws(
    () => parseEnv({ REDIS_CLUSTER_NODES: 'redis://user:hunter2@/x' }),
    (error: Error) => !error.message.includes('hunter2') && error.message.includes('REDIS_CLUSTER_NODES'),
  );
});

test('SLUICE_QUEUE_PREFIX refuses braces and says that Sluice adds its own hash tags', () => {
  assert.throws(
    () => parseEnv({ SLUICE_QUEUE_PREFIX: '{sluice}' }),
    (error: Error) => error.message.includes('SLUICE_QUEUE_PREFIX') && error.message.includes('hash tags'),
  );
});
