/** Renders a run's reports as markdown and appends them, as one dated section, to BENCHMARKS.md. */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { markdownTable } from './markdown-table';
import type { ScenarioReport } from './scenario-report';

const HEADER = `# Benchmarks

Run on demand with \`npm run bench\`: \`-- --quick\` for a short smoke run that is not recorded here,
\`-- --only <name>[,<name>]\` for some scenarios, \`-- --no-profile\` to skip the CPU profile (\`-- --profile\` adds
it to a quick run). Everything runs on 127.0.0.1: an OpenAI simulator (\`test/simulators\`), Portkey's open-source
gateway and Sluice, each in its own process, loaded with autocannon. The machine is shared and noisy: compare
figures within one run (the ratios, CPU per request), not across runs; the load average at the start of each run
is recorded with it. Each run appends a dated section below.

Scenarios: **gateway-overhead** (the same load directly, through Portkey and through Sluice, at 64 and 1
connections, plus a CPU profile of Sluice), **slow-upstream-concurrency** (2,000 concurrent requests against a 1 s
upstream; Sluice's peak RSS), **rate-limit-burst** (10×N requests at once against an upstream allowing N req/s,
through Sluice and through Portkey with retries), then the component benchmarks (exact cache hit, vector index,
request log, observability, async jobs) when their files exist; \`--quick\` leaves out the minutes-long ones.
`;

/** A scenario's report as markdown: summary, tables, targets, notes. */
export function renderReport(report: ScenarioReport): string {
  const parts = [`### ${report.name}`, '', report.summary];
  if (report.skipped !== undefined) parts.push('', `Skipped: ${report.skipped}`);
  for (const table of report.tables) parts.push('', `**${table.title}**`, '', markdownTable(table));
  if (report.targets.length > 0) {
    parts.push(
      '',
      markdownTable({
        title: 'targets',
        columns: ['target', 'measured', 'met'],
        rows: report.targets.map((target) => [target.target, target.measured, target.met ? 'yes' : 'NO']),
      }),
    );
  }
  for (const note of report.notes) parts.push('', `- ${note}`);
  return parts.join('\n');
}

export function renderSection(options: {
  startedAt: Date;
  command: string;
  machine: string;
  reports: ScenarioReport[];
}): string {
  const heading = `## ${options.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const lines = [heading, '', `- command: \`${options.command}\``, `- machine: ${options.machine}`];
  return [lines.join('\n'), ...options.reports.map(renderReport)].join('\n\n');
}

/** Appends the section, creating BENCHMARKS.md with its explanatory header when it is missing. */
export async function appendToBenchmarksFile(path: string, section: string): Promise<void> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing === undefined) await writeFile(path, `${HEADER}\n${section}\n`);
  else await appendFile(path, `${existing.endsWith('\n') ? '' : '\n'}\n${section}\n`);
}
