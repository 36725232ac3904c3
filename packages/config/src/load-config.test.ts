import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseConfigText, readConfigText } from './load-config';

// biome-ignore lint/suspicious/noTemplateCurlyInString: sluice.yaml's own ${ENV} syntax
const PROVIDERS = 'providers:\n  openai: { type: openai, api_key: "${KEY}" }\n';

test('the SPEC example shape parses, with environment variables interpolated', () => {
  const config = parseConfigText(
    `${PROVIDERS}configs:\n  by-plan:\n    strategy: conditional\n    conditions:\n      - when: { "metadata.plan": { $eq: paid } }\n        then: premium\n      - when: { $or: [ { "prompt.tokens": { $gt: 6000 } }, { model: { $regex: "^gpt-4" } } ] }\n        then: premium\n    default: basic\n    targets:\n      - { name: premium, provider: openai, model: gpt-4o }\n      - { name: basic, provider: openai, model: gpt-4o-mini }\ndefault_config: by-plan\nmodels: { fast: by-plan }\n`,
    { KEY: 'sk-1' },
  );
  assert.equal(config.providers.openai?.api_key, 'sk-1');
  assert.equal(config.configs['by-plan']?.strategy, 'conditional');
});

test('every problem is named by its path', () => {
  const text = `${PROVIDERS}configs:\n  c:\n    strategy: conditional\n    conditions:\n      - when: { "metadata.plan": { $equals: paid }, "tenant.id": 3 }\n        then: nowhere\n      - when: { "params.x": { $in: 3, $regex: "(" } }\n        then: a\n    targets: [ { name: a, provider: ghost } ]\ndefault_config: missing\n`;
  assert.throws(
    () => parseConfigText(text, { KEY: 'k' }),
    (error: Error) => {
      for (const expected of [
        'configs.c.targets.0.provider: no provider named "ghost"',
        'configs.c.conditions.0.when.metadata.plan.$equals: unknown operator "$equals"',
        'configs.c.conditions.0.when.tenant.id: unknown path "tenant.id"',
        'configs.c.conditions.0.then: no target named "nowhere"',
        'configs.c.conditions.1.when.params.x.$in: $in takes a list',
        'configs.c.conditions.1.when.params.x.$regex: not a valid regular expression',
        'default_config: no config named "missing"',
      ]) {
        assert.ok(error.message.includes(expected), `missing "${expected}" in: ${error.message}`);
      }
      return true;
    },
  );
});

test('a missing environment variable is named with its path', () => {
  assert.throws(
    () => parseConfigText(PROVIDERS, {}),
    /providers\.openai\.api_key: environment variable KEY is not set/,
  );
});

test('a :- fallback is used the fallback when the variable is unset', () => {
  const config = parseConfigText(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sluice.yaml's own ${ENV} syntax
    'providers:\n  a: { type: openai, api_key: "${NOPE:-}", base_url: "${URL:-http://127.0.0.1:9/v1}" }\n',
    {},
  );
  assert.equal(config.providers.a?.api_key, '');
  assert.equal(config.providers.a?.base_url, 'http://127.0.0.1:9/v1');
});

test('sluice.example.yaml, the README example, is a valid config', () => {
  const text = readFileSync(new URL('../../../sluice.example.yaml', import.meta.url), 'utf8');
  const config = parseConfigText(text, {}, 'sluice.example.yaml');
  assert.deepEqual(Object.keys(config.providers), ['openai', 'claude', 'gemini', 'azure']);
  assert.equal(config.default_config, 'default');
});

test('a $regex that can backtrack catastrophically stops start-up, named by its path', () => {
  const text = `${PROVIDERS}configs:\n  c:\n    strategy: conditional\n    conditions:\n      - when: { last_message.content: { $regex: "^(a+)+$" } }\n        then: a\n    targets: [ { name: a, provider: openai } ]\n`;
  assert.throws(
    () => parseConfigText(text, { KEY: 'k' }),
    /configs\.c\.conditions\.0\.when\.last_message\.content\.\$regex: the pattern can backtrack catastrophically/,
  );
});

test('every YAML syntax error is listed, not only the first', () => {
  assert.throws(
    () => parseConfigText('providers:\n  openai: { type: openai\n  x: [\nconfigs: {a: 1, a: 2}\n', {}),
    (error: Error & { problems?: unknown[] }) => {
      assert.ok((error.problems?.length ?? 0) >= 2, error.message);
      return true;
    },
  );
});

test('a missing variable, schema problems in two places and a bad reference are listed together', () => {
  const text = [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sluice.yaml's own ${ENV} syntax
    'providers:\n  openai: { type: openai, api_key: "${NOT_SET}", timeout_ms: -1 }',
    '  other: { type: nope }',
    'configs:\n  a: { strategy: single, targets: [ { provider: openai, model: m } ], retry: { attempts: 0 } }',
  ].join('\n');
  assert.throws(
    () => parseConfigText(text, {}),
    (error: Error) => {
      for (const expected of [
        'providers.openai.api_key: environment variable NOT_SET is not set',
        'providers.openai.timeout_ms',
        'providers.other.type',
        'configs.a.retry.attempts',
      ]) {
        assert.ok(error.message.includes(expected), `missing "${expected}" in: ${error.message}`);
      }
      return true;
    },
  );
  assert.throws(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sluice.yaml's own ${ENV} syntax
    () => parseConfigText(`${PROVIDERS.replace('${KEY}', '${GONE}')}default_config: none\n`, {}),
    /GONE is not set.*default_config: no config named "none"/,
  );
});

test('each account without a key is named at start, with the variable it was meant to come from', () => {
  const { warnings } = readConfigText(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sluice.yaml's own ${ENV} syntax
    'providers:\n  openai: { type: openai, api_key: "${OPENAI_KEY:-}" }\n  claude: { type: anthropic }\n  ok: { type: openai, api_key: sk-1 }\n',
    {},
  );
  assert.equal(warnings.length, 2);
  assert.match(warnings[0] ?? '', /"openai".*providers\.openai\.api_key comes from OPENAI_KEY, which is empty/);
  assert.match(warnings[1] ?? '', /"claude".*providers\.claude\.api_key is not set/);
});
