import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chunkTextLiteral, TextChunkReader } from './chunk-added-text';

const head = '{"id":"c","object":"chat.completion.chunk","created":1,"model":"m",';
const textChunk = (literal: string, end = '},"finish_reason":null}]}') =>
  `${head}"choices":[{"index":0,"delta":{"content":${literal}${end}`;

describe('chunkTextLiteral', () => {
  test('finds the text of a chunk that only adds text, escapes and all', () => {
    assert.equal(chunkTextLiteral(textChunk('"word "')), '"word "');
    assert.equal(chunkTextLiteral(textChunk('"a \\"quote\\" \\\\"')), '"a \\"quote\\" \\\\"');
    assert.equal(chunkTextLiteral(textChunk('"x"', '},"logprobs":null,"finish_reason":null}]}')), '"x"');
    assert.equal(chunkTextLiteral(textChunk('"x"', '},"finish_reason":null}],"usage":null}')), '"x"');
    assert.equal(chunkTextLiteral(textChunk('"x"', '},"finish_reason":null}],"obfuscation":"aB3+/="}')), '"x"');
  });

  test('leaves every other chunk to the parser', () => {
    for (const data of [
      textChunk('"x"', '},"finish_reason":"stop"}]}'),
      textChunk('"x"', '},"finish_reason":null}],"usage":{"prompt_tokens":1}}'),
      textChunk('"x"', '},"finish_reason":null}],"extra":1}'),
      textChunk('"x","role":"assistant"'),
      textChunk('"x"', '},"finish_reason":null},{"index":1,"delta":{},"finish_reason":null}]}'),
      textChunk('"x"').replace('"choices"', '"usage":{"prompt_tokens":1},"choices"'),
      `${head}"choices":[{"index":1,"delta":{"content":"x"},"finish_reason":null}]}`,
      `${head}"choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": null}]}`,
      `{"nested":{"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}}`,
      textChunk('"unterminated'),
    ]) {
      assert.equal(chunkTextLiteral(data), undefined, data);
    }
  });

  test("a stream's reader finds the text of chunks after the first by their envelope, and nothing else", () => {
    const reader = new TextChunkReader();
    assert.equal(reader.literal(textChunk('"one"')), '"one"');
    assert.equal(reader.literal(textChunk('" a \\"quote\\""')), '" a \\"quote\\""');
    assert.equal(reader.literal(textChunk('"x"', '},"finish_reason":"stop"}]}')), undefined);
    const usageFirst = textChunk('"x"').replace('"choices"', '"usage":{"prompt_tokens":1},"choices"');
    assert.equal(reader.literal(usageFirst), undefined, 'another envelope is read in full');
    assert.equal(
      reader.literal(`${head}"choices":[{"index":1,"delta":{"content":"x"},"finish_reason":null}]}`),
      undefined,
    );
    assert.equal(reader.literal(textChunk('"three"')), '"three"');
  });
});
