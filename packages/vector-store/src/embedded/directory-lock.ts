import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One process at a time per embedded index directory: a `LOCK` file holding the owner's pid,
 * created exclusively. A lock whose process is gone is taken over.
 */
export class DirectoryLock {
  private held = false;

  constructor(private readonly root: string) {}

  /** Takes the lock, or resolves to the pid of the live process holding it. */
  async acquire(): Promise<number | undefined> {
    await mkdir(this.root, { recursive: true });
    const file = join(this.root, 'LOCK');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await writeFile(file, String(process.pid), { flag: 'wx' });
        this.held = true;
        return undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) return owner;
      await rm(file, { force: true });
    }
    throw new Error(`could not take ${file}`);
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await rm(join(this.root, 'LOCK'), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
