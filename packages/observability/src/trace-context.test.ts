import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTraceContext } from './trace-context';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const fixedRandom = (bytes: number) => 'ab'.repeat(bytes);

describe('readTraceContext', () => {
  it('continues an incoming traceparent with the gateway as the new parent, keeping tracestate', () => {
    const context = readTraceContext(
      { traceparent: `00-${TRACE}-00f067aa0ba902b7-01`, tracestate: 'congo=t61rcWkgMzE' },
      fixedRandom,
    );
    assert.deepEqual(context, {
      traceId: TRACE,
      traceparent: `00-${TRACE}-abababababababab-01`,
      tracestate: 'congo=t61rcWkgMzE',
    });
  });

  it('records x-sluice-trace-id; a 32-hex one is also the W3C trace id', () => {
    assert.deepEqual(readTraceContext({ sluiceTraceId: 'checkout-42' }, fixedRandom), {
      traceId: 'checkout-42',
      traceparent: `00-${'ab'.repeat(16)}-${'ab'.repeat(8)}-01`,
    });
    assert.equal(
      readTraceContext({ sluiceTraceId: TRACE.toUpperCase() }, fixedRandom).traceparent,
      `00-${TRACE}-${'ab'.repeat(8)}-01`,
    );
  });

  it('generates a trace when none is given, and ignores invalid traceparents and their tracestate', () => {
    const generated = readTraceContext({});
    assert.match(generated.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.equal(generated.traceId, generated.traceparent.split('-')[1]);
    for (const invalid of [
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `ff-${TRACE}-00f067aa0ba902b7-01`,
      `00-${TRACE}-00f067aa0ba902b7-01-extra`,
      'garbage',
      `00-${TRACE.toUpperCase()}-00f067aa0ba902b7-01`,
    ]) {
      const context = readTraceContext({ traceparent: invalid, tracestate: 'a=b' });
      assert.notEqual(context.traceId, TRACE, invalid);
      assert.equal(context.tracestate, undefined);
    }
  });

  it('accepts a future version with extra fields', () => {
    assert.equal(readTraceContext({ traceparent: `01-${TRACE}-00f067aa0ba902b7-01-future` }).traceId, TRACE);
  });
});
