/**
 * Precision and recall of the semantic cache's matching over a labelled set of question pairs,
 * for a sweep of similarity thresholds, with and without the guard.
 *
 *   node --import tsx scripts/semantic-cache-eval.ts                      # embedded USE-lite model
 *   node --import tsx scripts/semantic-cache-eval.ts --embeddings-url https://api.openai.com/v1 \
 *     --embeddings-model text-embedding-3-small [--api-key-env OPENAI_API_KEY]
 *
 * Options: --pairs FILE (default test/fixtures/semantic-cache-pairs.jsonl), --thresholds 0.8,0.9,…,
 * --show-errors (list the pairs the default threshold gets wrong), --json.
 * A pair is predicted a hit when cosine(a, b) >= threshold and, "with guard", semanticGuard(a, b) passes.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createFunctionEmbedder, createOfflineEmbedder, type Embedder, semanticGuard } from '@sluice/semantic-cache';
import { z } from 'zod';

const PairSchema = z.object({
  id: z.number(),
  a: z.string().min(1),
  b: z.string().min(1),
  expected: z.enum(['hit', 'miss']),
  kind: z.string(),
});
type Pair = z.infer<typeof PairSchema>;
interface ScoredPair extends Pair {
  score: number;
  guardOk: boolean;
  guardReason?: string;
}
interface Row {
  threshold: number;
  guard: boolean;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number | undefined;
  recall: number;
}

const DEFAULT_THRESHOLD = 0.95;
const EmbeddingsResponseSchema = z.object({ data: z.array(z.object({ index: z.number(), embedding: z.array(z.number()) })) });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', default: 'test/fixtures/semantic-cache-pairs.jsonl' },
      thresholds: { type: 'string', default: '0.70,0.75,0.80,0.85,0.88,0.90,0.92,0.94,0.95,0.96,0.97,0.98,0.99' },
      'embeddings-url': { type: 'string' },
      'embeddings-model': { type: 'string' },
      'api-key-env': { type: 'string', default: 'OPENAI_API_KEY' },
      'show-errors': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const pairs = await readPairs(values.pairs);
  const embedder = values['embeddings-url']
    ? await remoteEmbedder(values['embeddings-url'], values['embeddings-model'], process.env[values['api-key-env']])
    : createOfflineEmbedder({ thread: 'caller' });
  const scored = await scorePairs(pairs, embedder);
  const thresholds = values.thresholds.split(',').map(Number);
  if (thresholds.some((threshold) => !(threshold >= -1 && threshold <= 1))) throw new Error('--thresholds: numbers in [-1, 1]');
  const rows = thresholds.flatMap((threshold) => [evaluate(scored, threshold, true), evaluate(scored, threshold, false)]);
  if (values.json) {
    console.log(JSON.stringify({ embedder: embedder.id, pairs: pairs.length, rows }, null, 2));
    return;
  }
  printReport(embedder, scored, rows);
  if (values['show-errors']) printErrors(scored, DEFAULT_THRESHOLD);
}

async function readPairs(path: string): Promise<Pair[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  return lines.map((line, index) => {
    const parsed = PairSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${path}:${index + 1}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

/** An OpenAI-compatible POST {url}/embeddings, through the same checked function embedder the gateway uses. */
async function remoteEmbedder(url: string, model: string | undefined, apiKey: string | undefined): Promise<Embedder> {
  if (!model) throw new Error('--embeddings-model is required with --embeddings-url');
  const embedTexts = async (texts: string[]) => {
    const response = await fetch(`${url.replace(/\/$/, '')}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({ model, input: texts }),
    });
    if (!response.ok) throw new Error(`embeddings endpoint answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const body = EmbeddingsResponseSchema.parse(await response.json());
    return body.data.sort((left, right) => left.index - right.index).map((item) => item.embedding);
  };
  const [probe] = await embedTexts(['dimension probe']);
  return createFunctionEmbedder(embedTexts, probe?.length ?? 0, { id: `${model}` });
}

async function scorePairs(pairs: readonly Pair[], embedder: Embedder): Promise<ScoredPair[]> {
  const texts = [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))];
  const vectors = new Map<string, number[]>();
  for (let start = 0; start < texts.length; start += 64) {
    const batch = texts.slice(start, start + 64);
    (await embedder.embed(batch)).forEach((vector, index) => vectors.set(batch[index] as string, vector));
  }
  return pairs.map((pair) => {
    const verdict = semanticGuard(pair.a, pair.b);
    return {
      ...pair,
      score: cosine(vectors.get(pair.a) ?? [], vectors.get(pair.b) ?? []),
      guardOk: verdict.ok,
      ...(verdict.ok ? {} : { guardReason: verdict.reason }),
    };
  });
}

function evaluate(pairs: readonly ScoredPair[], threshold: number, guard: boolean): Row {
  const counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  for (const pair of pairs) {
    const predictedHit = pair.score >= threshold && (!guard || pair.guardOk);
    if (pair.expected === 'hit') counts[predictedHit ? 'truePositives' : 'falseNegatives'] += 1;
    else counts[predictedHit ? 'falsePositives' : 'trueNegatives'] += 1;
  }
  const predicted = counts.truePositives + counts.falsePositives;
  return {
    threshold,
    guard,
    ...counts,
    precision: predicted === 0 ? undefined : counts.truePositives / predicted,
    recall: counts.truePositives / (counts.truePositives + counts.falseNegatives),
  };
}

function printReport(embedder: Embedder, pairs: readonly ScoredPair[], rows: readonly Row[]): void {
  const hits = pairs.filter((pair) => pair.expected === 'hit').length;
  console.log(`embedder: ${embedder.id} (${embedder.dimensions} dimensions)`);
  console.log(`pairs: ${pairs.length} (${hits} should hit, ${pairs.length - hits} should miss)\n`);
  console.log('| threshold | guard | precision | recall | TP | FP | FN | TN |');
  console.log('|---:|:---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const precision = row.precision === undefined ? '—' : row.precision.toFixed(3);
    const cells = [row.threshold.toFixed(2), row.guard ? 'on' : 'off', precision, row.recall.toFixed(3)];
    console.log(`| ${[...cells, row.truePositives, row.falsePositives, row.falseNegatives, row.trueNegatives].join(' | ')} |`);
  }
  const kinds = [...new Set(pairs.map((pair) => pair.kind))];
  console.log('\nmean cosine by kind:');
  for (const kind of kinds) {
    const scores = pairs.filter((pair) => pair.kind === kind).map((pair) => pair.score);
    const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
    console.log(`  ${kind.padEnd(11)} n=${String(scores.length).padEnd(4)} mean ${mean.toFixed(3)}  max ${Math.max(...scores).toFixed(3)}`);
  }
}

function printErrors(pairs: readonly ScoredPair[], threshold: number): void {
  console.log(`\nwrong at threshold ${threshold} with the guard:`);
  for (const pair of pairs) {
    const predictedHit = pair.score >= threshold && pair.guardOk;
    if (predictedHit === (pair.expected === 'hit')) continue;
    const why = pair.expected === 'hit' ? (pair.guardOk ? 'below threshold' : `guard: ${pair.guardReason}`) : 'HIT';
    console.log(`  #${pair.id} ${pair.kind} ${pair.score.toFixed(3)} ${why}: ${pair.a} | ${pair.b}`);
  }
}

function cosine(left: readonly number[], right: readonly number[]): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  left.forEach((value, index) => {
    const other = right[index] ?? 0;
    dot += value * other;
    leftNorm += value * value;
    rightNorm += other * other;
  });
  return dot / Math.sqrt(leftNorm * rightNorm || 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
