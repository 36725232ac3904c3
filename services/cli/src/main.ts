import { CliError } from './cli-error';
import { runCli } from './run-cli';

runCli(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message =
      error instanceof CliError || (error instanceof Error && error.name === 'TypeError')
        ? error.message
        : String(error);
    process.stderr.write(`sluice: ${message}\n`);
    process.exitCode = 1;
  },
);
