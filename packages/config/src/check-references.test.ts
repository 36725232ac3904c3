import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigFileError, parseConfigText } from './load-config';

test('an azure-openai account without base_url fails at load, naming the field', () => {
  const text = 'providers:\n  az: { type: azure-openai, api_key: k, api_version: "2024-10-21" }\n';
  assert.throws(
    () => parseConfigText(text, {}),
    (error: Error) => {
      assert.ok(error instanceof ConfigFileError);
      assert.match(error.message, /providers\.az\.base_url: an azure-openai provider needs base_url/);
      return true;
    },
  );
});

test('an azure-openai account with base_url loads', () => {
  const config = parseConfigText(
    'providers:\n  az: { type: azure-openai, base_url: "https://r.openai.azure.com", api_key: k }\n',
    {},
  );
  assert.equal(config.providers.az?.base_url, 'https://r.openai.azure.com');
});

test('responses: native loads on an openai account and fails on an anthropic one, naming the field', () => {
  const config = parseConfigText('providers:\n  oai: { type: openai, api_key: k, responses: native }\n', {});
  assert.equal(config.providers.oai?.responses, 'native');
  assert.throws(
    () => parseConfigText('providers:\n  claude: { type: anthropic, api_key: k, responses: native }\n', {}),
    /providers\.claude\.responses: an account of type anthropic does not serve the Responses API/,
  );
});

test('rerank: true loads on an openai account and fails on an azure-openai one, naming the field', () => {
  const config = parseConfigText(
    'providers:\n  jina: { type: openai, base_url: "https://api.jina.ai/v1", rerank: true }\n',
    {},
  );
  assert.equal(config.providers.jina?.rerank, true);
  assert.throws(
    () =>
      parseConfigText(
        'providers:\n  az: { type: azure-openai, base_url: "https://r.openai.azure.com", rerank: true }\n',
        {},
      ),
    /providers\.az\.rerank: an account of type azure-openai does not serve \/rerank/,
  );
});
