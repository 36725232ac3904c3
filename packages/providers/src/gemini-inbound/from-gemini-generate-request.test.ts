import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { translateGeminiGenerateRequest } from './from-gemini-generate-request';

const refusal = (param: string) => (thrown: unknown) =>
  thrown instanceof InvalidRequestError && thrown.param === param && thrown.message.includes(param);

describe('translateGeminiGenerateRequest', () => {
  it('turns a function-calling conversation into chat messages whose tool results answer their calls', () => {
    const { request, omitted } = translateGeminiGenerateRequest(
      {
        systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Be kind.' }] },
        contents: [
          { role: 'user', parts: [{ text: 'Weather in ' }, { text: 'Paris?' }] },
          {
            role: 'model',
            parts: [
              { text: 'thinking…', thought: true },
              { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'sig' },
            ],
          },
          { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { sky: 'clear' } } }] },
          { parts: [{ text: 'and a picture' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }] },
        ],
        generationConfig: { temperature: 0.5, topP: 0.9, candidateCount: 1, thinkingConfig: { thinkingBudget: 0 } },
        toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } },
      },
      'gpt-4o-mini',
      true,
    );
    assert.deepEqual(request, {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.\nBe kind.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_0', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_0', content: '{"sky":"clear"}' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'and a picture' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      reasoning_effort: 'none',
      temperature: 0.5,
      top_p: 0.9,
      n: 1,
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.deepEqual(omitted, []);
  });

  it('carries thinking as reasoning_effort: a level as it is, a budget by its size', () => {
    const effort = (thinkingConfig: Record<string, unknown>) => {
      const body = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { thinkingConfig } };
      return translateGeminiGenerateRequest(body, 'm', false);
    };
    assert.equal(effort({ thinkingLevel: 'HIGH' }).request.reasoning_effort, 'high');
    assert.equal(effort({ thinkingBudget: 512 }).request.reasoning_effort, 'low');
    assert.equal(effort({ thinkingBudget: 4_096 }).request.reasoning_effort, 'medium');
    assert.equal(effort({ thinkingBudget: 24_576 }).request.reasoning_effort, 'high');
    assert.equal(effort({ thinkingBudget: -1 }).request.reasoning_effort, undefined);
    const summaries = effort({ thinkingBudget: 2_048, includeThoughts: true });
    assert.equal(summaries.request.reasoning_effort, 'medium');
    assert.deepEqual(summaries.omitted, ['generationConfig.thinkingConfig.includeThoughts']);
  });

  it('asks for JSON as response_format: a schema as json_schema, the MIME type alone as json_object', () => {
    const schema = { type: 'OBJECT', properties: { n: { type: 'INTEGER', nullable: true } } };
    const withSchema = translateGeminiGenerateRequest(
      {
        contents: [{ parts: [{ text: 'x' }] }],
        generationConfig: { responseMimeType: 'application/json', responseSchema: schema },
      },
      'm',
      false,
    );
    assert.deepEqual(withSchema.request.response_format, {
      type: 'json_schema',
      json_schema: { name: 'response', schema: { type: 'object', properties: { n: { type: ['integer', 'null'] } } } },
    });
    const plain = translateGeminiGenerateRequest(
      { contents: [{ parts: [{ text: 'x' }] }], generationConfig: { responseMimeType: 'application/json' } },
      'm',
      false,
    );
    assert.deepEqual(plain.request.response_format, { type: 'json_object' });
  });

  it('refuses by name what no other provider can be asked for', () => {
    const turn = { parts: [{ text: 'x' }] };
    const cases: [Record<string, unknown>, string][] = [
      [{ contents: [turn], safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT' }] }, 'safetySettings'],
      [{ contents: [turn], tools: [{ codeExecution: {} }] }, 'tools.0.codeExecution'],
      [{ contents: [{ parts: [{ fileData: { fileUri: 'gs://x' } }] }] }, 'contents.0.parts.0.fileData'],
      [
        { contents: [{ parts: [{ inlineData: { mimeType: 'audio/wav', data: 'AA' } }] }] },
        'contents.0.parts.0.inlineData.mimeType',
      ],
      [
        { contents: [turn], generationConfig: { responseModalities: ['IMAGE'] } },
        'generationConfig.responseModalities',
      ],
      [{ contents: [turn], generationConfig: { speechConfig: {} } }, 'generationConfig.speechConfig'],
      [{ contents: [{ role: 'function', parts: [] }] }, 'contents.0.role'],
    ];
    for (const [body, param] of cases)
      assert.throws(() => translateGeminiGenerateRequest(body, 'm', false), refusal(param), param);
  });

  it('names each malformed field of a request it cannot read', () => {
    assert.throws(
      () => translateGeminiGenerateRequest({ contents: [] }, 'm', false),
      (thrown: unknown) => thrown instanceof InvalidRequestError && thrown.param === 'contents',
    );
  });
});
