/** A failure the CLI reports in one line and exits 1 for: bad usage, or an error the gateway answered with. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
