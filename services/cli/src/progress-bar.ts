/** What a progress report shows: a batch's status and request counts. */
export interface Progress {
  status: string;
  total: number;
  completed: number;
  failed: number;
  /** Shown instead of `completed/total (failed)`, for work counted in other units (bytes). */
  detail?: string;
}

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 30;

/**
 * A progress bar on stderr: redrawn in place on a terminal; elsewhere (CI logs, pipes) one line whenever the status
 * changes or another tenth of the work is done.
 */
export class ProgressBar {
  private lastLine = '';
  private lastTenth = -1;
  private lastStatus = '';

  constructor(private readonly output: ProgressOutput) {}

  update(progress: Progress): void {
    const done = progress.completed + progress.failed;
    const fraction = progress.total === 0 ? 0 : Math.min(1, done / progress.total);
    const filled = Math.round(fraction * WIDTH);
    const detail = progress.detail ?? `${done}/${progress.total} (${progress.failed} failed)`;
    const line = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(fraction * 100)}% ${detail} ${progress.status}`;
    if (this.output.isTTY) {
      if (line !== this.lastLine) this.output.write(`\r${line}\u001b[K`);
      this.lastLine = line;
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth === this.lastTenth && progress.status === this.lastStatus) return;
    this.lastTenth = tenth;
    this.lastStatus = progress.status;
    this.output.write(`${line}\n`);
  }

  finish(): void {
    if (this.output.isTTY && this.lastLine !== '') this.output.write('\n');
  }
}
