import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CliError } from './cli-error';
import { batchResults, type CommandIo, cancelBatch, getBatch, submitBatch } from './commands/batch-commands';
import { cancelJob, getJob } from './commands/jobs-commands';
import { importLogs } from './commands/logs-commands';
import { GatewayClient } from './gateway-client';

export const USAGE = `Usage: sluice <command> [options]

  batch submit FILE.jsonl [--wait] [--output FILE] [--errors FILE] [--endpoint PATH] [--metadata KEY=VALUE]…
                          upload a JSONL file of requests and run it as a batch; with --wait, show progress
                          and write the results (default FILE.results.jsonl) and errors (FILE.errors.jsonl)
  batch get ID            print a batch
  batch results ID [--output FILE] [--errors FILE]
                          download a finished batch's results and errors
  batch cancel ID         cancel a batch
  jobs get ID [--wait]    print an async job; with --wait, wait until it has finished
  jobs cancel ID          cancel an async job
  logs import FILE.ndjson import request-log records (one JSON record a line), with a progress bar;
                          needs the admin token

Options: --url URL (default $SLUICE_URL or http://127.0.0.1:8080), --api-key KEY (default $SLUICE_API_KEY),
         --admin-token TOKEN (default $SLUICE_ADMIN_TOKEN) for admin commands
`;

/** The environment the CLI reads: where the gateway is and the key to call it with. */
const CliEnvSchema = z.object({
  SLUICE_URL: z.string().optional(),
  SLUICE_API_KEY: z.string().optional(),
  SLUICE_ADMIN_TOKEN: z.string().optional(),
});

const OPTIONS = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  'admin-token': { type: 'string' },
  wait: { type: 'boolean' },
  endpoint: { type: 'string' },
  output: { type: 'string' },
  errors: { type: 'string' },
  metadata: { type: 'string', multiple: true },
  'poll-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs one CLI command; resolves with the exit code. */
export async function runCli(
  argv: string[],
  environment: Record<string, string | undefined>,
  io: CommandIo,
): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [group, action, target] = positionals;
  if (values.help || group === undefined) {
    io.stdout.write(USAGE);
    return values.help ? 0 : 1;
  }
  const env = CliEnvSchema.parse(environment);
  const url = values.url ?? env.SLUICE_URL ?? 'http://127.0.0.1:8080';
  const client = new GatewayClient({ url, apiKey: values['api-key'] ?? env.SLUICE_API_KEY });
  const adminClient = () => {
    const adminToken = values['admin-token'] ?? env.SLUICE_ADMIN_TOKEN;
    if (adminToken === undefined) throw new CliError(`${group} ${action} needs --admin-token or SLUICE_ADMIN_TOKEN`);
    return new GatewayClient({ url, apiKey: adminToken });
  };
  const need = (what: string): string => {
    if (target === undefined) throw new CliError(`${group} ${action} needs ${what}\n\n${USAGE}`);
    return target;
  };
  switch (`${group} ${action}`) {
    case 'batch submit':
      return submitBatch(
        client,
        {
          file: need('a JSONL file'),
          endpoint: values.endpoint ?? '/v1/chat/completions',
          metadata: parseMetadata(values.metadata ?? []),
          wait: values.wait === true,
          output: values.output,
          errors: values.errors,
          pollMs: Number(values['poll-ms'] ?? 1000),
        },
        io,
      );
    case 'batch get':
      return getBatch(client, need('a batch id'), io);
    case 'batch results':
      return batchResults(client, need('a batch id'), { output: values.output, errors: values.errors }, io);
    case 'batch cancel':
      return cancelBatch(client, need('a batch id'), io);
    case 'jobs get':
      return getJob(client, need('a job id'), values.wait === true, io);
    case 'jobs cancel':
      return cancelJob(client, need('a job id'), io);
    case 'logs import':
      return importLogs(adminClient(), need('an NDJSON file'), io);
    default:
      throw new CliError(`unknown command "${positionals.join(' ')}"\n\n${USAGE}`);
  }
}

function parseMetadata(pairs: string[]): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new CliError(`--metadata takes KEY=VALUE, got "${pair}"`);
    metadata[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return metadata;
}
