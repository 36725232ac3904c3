import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentConversationBody } from './agent-traffic-bench';
import { monotonicMicroseconds, readThreadProfiles, summariseWindow } from './support/cpu-profile-summary';
import { probeTarget, sluiceTarget } from './support/load-targets';
import { runLoad } from './support/run-load';
import { startSimulatorProcess } from './support/simulator-process';
import { sluiceConfigFor, startSluiceProcess } from './support/sluice-process';

const which = process.argv[2] ?? 'agent';
const HUNDRED_WORDS = Array.from({ length: 98 }, (_, index) => `word${index}`).join(' ');
const body = which === 'agent' ? agentConversationBody() : JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: HUNDRED_WORDS }] });
const simulator = await startSimulatorProcess();
const dir = await mkdtemp(join(tmpdir(), 'prof-'));
const sluice = await startSluiceProcess({ configYaml: sluiceConfigFor(simulator.url), cpuProfileDir: dir });
const target = sluiceTarget(sluice.origin);
await runLoad({ url: target.url, headers: target.headers, body, connections: 16, durationS: 3 });
const fromUs = monotonicMicroseconds();
const r = await runLoad({ url: target.url, headers: target.headers, body, connections: 16, durationS: 10 });
const toUs = monotonicMicroseconds();
console.log('ok', r.ok, r.okPerS);
await sluice.stop();
await simulator.stop();
for (const { threadId, profile } of await readThreadProfiles(dir)) {
  const s = summariseWindow(profile, { fromUs, toUs });
  console.log('THREAD', threadId, JSON.stringify({idle:s.idlePercent, pk:s.byPackage.slice(0,8), fn:s.byFunction.slice(0,25)}));
}
