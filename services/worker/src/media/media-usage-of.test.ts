import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerSeconds, mediaUsageOf, wavSeconds } from './media-usage-of';

function wavHead(byteRate: number, dataBytes: number, extraChunk = false): Buffer {
  const list = extraChunk
    ? Buffer.concat([Buffer.from('LIST'), Buffer.from([4, 0, 0, 0]), Buffer.from('INFO')])
    : Buffer.alloc(0);
  const head = Buffer.alloc(36);
  head.write('RIFF', 0, 'ascii');
  head.write('WAVEfmt ', 8, 'ascii');
  head.writeUInt32LE(16, 16);
  head.writeUInt32LE(byteRate, 28);
  const data = Buffer.alloc(8);
  data.write('data', 0, 'ascii');
  data.writeUInt32LE(dataBytes, 4);
  return Buffer.concat([head, list, data]);
}

describe('mediaUsageOf', () => {
  test('images: counted from the answer, size and quality from the answer before the request', () => {
    const answer = JSON.stringify({ data: [{ b64_json: 'x' }, { b64_json: 'y' }], size: '1536x1024', quality: 'low' });
    assert.deepEqual(
      mediaUsageOf(
        { kind: 'image_generation', body: { size: 'auto', quality: 'auto' }, uploadSeconds: undefined },
        answer,
      ),
      { images: 2, image_size: '1536x1024', image_quality: 'low' },
    );
    assert.deepEqual(
      mediaUsageOf(
        { kind: 'image_edit', body: { size: '512x512' }, uploadSeconds: undefined },
        '{"data":[{"url":"u"}]}',
      ),
      { images: 1, image_size: '512x512' },
    );
  });

  test('speech: characters of input, counted as code points', () => {
    assert.deepEqual(
      mediaUsageOf({ kind: 'speech', body: { input: 'héllo 👋' }, uploadSeconds: undefined }, undefined),
      {
        characters: 7,
      },
    );
  });

  test('transcriptions: the answer’s own length first, else the uploaded file’s', () => {
    const facts = { kind: 'transcription' as const, body: {}, uploadSeconds: 9 };
    assert.deepEqual(mediaUsageOf(facts, '{"text":"hi","duration":12.5}'), { audio_seconds: 12.5 });
    assert.deepEqual(mediaUsageOf(facts, '{"text":"hi"}'), { audio_seconds: 9 });
    assert.deepEqual(mediaUsageOf({ ...facts, uploadSeconds: undefined }, 'hi\n'), {});
  });
});

describe('answerSeconds', () => {
  test('reads verbose_json duration, json usage seconds, and the last SRT or VTT cue', () => {
    assert.equal(answerSeconds('{"duration":3.2,"text":""}'), 3.2);
    assert.equal(answerSeconds('{"text":"a","usage":{"type":"duration","seconds":7}}'), 7);
    assert.equal(answerSeconds('{"text":"a","usage":{"type":"tokens","input_tokens":7}}'), undefined);
    assert.equal(
      answerSeconds('1\n00:00:00,000 --> 00:00:04,500\na\n\n2\n00:00:04,500 --> 01:02:03,250\nb\n'),
      3723.25,
    );
    assert.equal(answerSeconds('WEBVTT\n\n00:00.000 --> 00:05.100\nshort form\n'), 5.1);
    assert.equal(answerSeconds('plain words\n'), undefined);
  });
});

describe('wavSeconds', () => {
  test('divides the data chunk by the byte rate, past other chunks', () => {
    assert.equal(wavSeconds(wavHead(32_000, 320_000)), 10);
    assert.equal(wavSeconds(wavHead(16_000, 8_000, true)), 0.5);
  });

  test('is undefined for anything that is not a WAV header', () => {
    assert.equal(wavSeconds(Buffer.from('ID3\u0004 an mp3 file, not a wave at all, long enough to read')), undefined);
    assert.equal(wavSeconds(Buffer.alloc(10)), undefined);
  });
});
