import { createHook } from 'node:async_hooks';
import { writeSync } from 'node:fs';
const live = new Map<number, string>();
createHook({
  init(id, type) { if (type === 'Timeout' || type === 'TCPWRAP' || type === 'Immediate') live.set(id, `${type} ${(new Error().stack ?? '').split('\n').slice(3, 12).map((l) => l.trim()).join(' <- ')}`); },
  destroy(id) { live.delete(id); },
}).enable();
const { startRedisCluster } = await import('./helpers/redis-cluster');
const { startTestGateway } = await import('./helpers/start-test-gateway');
const { startOpenAISimulator } = await import('./simulators/index');
const cluster = await startRedisCluster();
const alpha = await startOpenAISimulator({ knobs: { latencyMs: 300 } });
const gateway = await startTestGateway({
  configYaml: `providers:\n  alpha: { type: openai, base_url: "${alpha.url}", api_key: sk-a, limits: { concurrency: 4 } }\n`,
  env: { REDIS_CLUSTER_NODES: cluster.seeds, SLUICE_ADMIN_TOKEN: 'adm' },
});
const created = (await (await fetch(`${gateway.url}/admin/virtual-keys`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer adm' }, body: JSON.stringify({ name: 'k' }) })).json()) as { key: string };
const auth = { authorization: `Bearer ${created.key}` };
const post = (content: string) => fetch(`${gateway.baseURL}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }] } }) }).then((r) => r.json() as Promise<{ id: string }>);
const jobs = await Promise.all(Array.from({ length: 20 }, (_, i) => post(`j${i}`)));
await cluster.kill(await cluster.masterOf(`{${gateway.prefix}:provider-alpha}:provider-alpha:meta`));
await cluster.waitUntilHealthy();
for (const job of jobs) {
  for (;;) { const r = (await (await fetch(`${gateway.baseURL}/jobs/${job.id}?wait=5`, { headers: auth })).json()) as { status: string }; if (r.status === 'succeeded') break; }
}
console.log('all succeeded');
const sync = () => fetch(`${gateway.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }) });
for (;;) { if ((await sync()).status === 200) break; }
console.log('sync', (await Promise.all(Array.from({ length: 10 }, sync))).map((r) => r.status).join(','));
await gateway.stop();
await alpha.close();
await cluster.stop();
console.log('stopped');
setTimeout(() => {
  writeSync(2, `RESOURCES ${process.getActiveResourcesInfo().join(',')}\n`);
  for (const [, s] of live) writeSync(2, `LIVE ${s}\n`);
}, 5000).unref();
