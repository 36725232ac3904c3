/**
 * Starts one provider simulator in its own process and prints `{"url": "..."}` as one
 * JSON line on stdout; drive it over HTTP (`/__sim/knobs`, `/__sim/reset`, `/__sim/stats`).
 *
 *   node --import tsx test/simulators/run-simulator.ts --provider openai --port 0 [--host 127.0.0.1] [--knobs '{"latencyMs":20}']
 *
 * Providers: openai, azure-openai (url is the Azure endpoint), anthropic, gemini. Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { parseKnobs } from './simulator-knobs';
import { isSimulatorProvider, simulatorProviders, startProviderSimulator } from './start-provider-simulator';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      provider: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      knobs: { type: 'string' },
    },
  });
  const provider = values.provider ?? '';
  if (!isSimulatorProvider(provider)) {
    throw new Error(`--provider must be one of: ${simulatorProviders.join(', ')}`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error('--port must be an integer from 0 to 65535');
  const knobs = values.knobs === undefined ? {} : parseKnobs(JSON.parse(values.knobs));
  const simulator = await startProviderSimulator(provider, { port, host: values.host, knobs });
  process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);
  const stop = (): void => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`run-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
