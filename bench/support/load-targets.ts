/**
 * The three ways a benchmark reaches the simulated provider: directly, through Portkey's gateway, and
 * through Sluice. Each target is a URL plus the headers that route it.
 */
import { PROVIDER_KEY } from './bench-options';

export interface LoadTarget {
  name: string;
  url: string;
  headers: Record<string, string>;
}

export function directTarget(simulatorUrl: string): LoadTarget {
  return {
    name: 'direct',
    url: `${simulatorUrl}/chat/completions`,
    headers: { authorization: `Bearer ${PROVIDER_KEY}` },
  };
}

/** Portkey routes by headers; `portkeyConfig` (JSON) adds e.g. its retry policy. */
export function portkeyTarget(portkeyOrigin: string, simulatorUrl: string, portkeyConfig?: string): LoadTarget {
  return {
    name: 'portkey',
    url: `${portkeyOrigin}/v1/chat/completions`,
    headers: {
      authorization: `Bearer ${PROVIDER_KEY}`,
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': simulatorUrl,
      ...(portkeyConfig === undefined ? {} : { 'x-portkey-config': portkeyConfig }),
    },
  };
}

/** Sluice in development mode (no virtual keys): the provider key lives in its config. */
export function sluiceTarget(sluiceOrigin: string, name = 'sluice'): LoadTarget {
  return { name, url: `${sluiceOrigin}/v1/chat/completions`, headers: { authorization: 'Bearer sk-bench-client' } };
}

/** One request through the target; throws unless it answers 2xx with a chat completion. */
export async function probeTarget(target: LoadTarget, body: string): Promise<void> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!response.ok || !text.includes('"choices"')) {
    throw new Error(`${target.name} (${target.url}) answered ${response.status} to a probe: ${text.slice(0, 500)}`);
  }
}
