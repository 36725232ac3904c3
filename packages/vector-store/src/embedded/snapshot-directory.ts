import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const POINTER = 'CURRENT';
const SNAPSHOT_NAME = /^snapshot-(\d{6,})$/;

/**
 * A directory of numbered snapshot directories and a `CURRENT` file naming the complete one.
 * A new snapshot is written beside the old, `CURRENT` is swapped by an atomic rename, then the
 * old snapshot is removed: a crash at any point leaves the last complete snapshot readable.
 */
export class SnapshotDirectory {
  constructor(readonly root: string) {}

  /** The directory of the current snapshot, when there is one. */
  async current(): Promise<string | undefined> {
    const name = await readFile(join(this.root, POINTER), 'utf8').then(
      (text) => text.trim(),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      },
    );
    if (name === undefined) return undefined;
    if (!SNAPSHOT_NAME.test(name))
      throw new Error(`${POINTER} names ${JSON.stringify(name)}, not a snapshot directory`);
    return join(this.root, name);
  }

  /** Writes a new snapshot through `write` (given its directory) and makes it current. */
  async replace(write: (directory: string) => Promise<void>): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const names = await this.snapshotNames();
    const next = `snapshot-${String(nextSequence(names)).padStart(6, '0')}`;
    const directory = join(this.root, next);
    await rm(directory, { recursive: true, force: true });
    await mkdir(directory);
    try {
      await write(directory);
      await writeFile(join(this.root, `${POINTER}.tmp`), `${next}\n`);
      await rename(join(this.root, `${POINTER}.tmp`), join(this.root, POINTER));
    } catch (error) {
      await rm(directory, { recursive: true, force: true });
      throw error;
    }
    await this.removeAllBut(next);
  }

  /** Removes snapshot directories other than the current one (left by a crash mid-write). */
  async removeAllBut(keep: string): Promise<void> {
    for (const name of await this.snapshotNames()) {
      if (name !== keep) await rm(join(this.root, name), { recursive: true, force: true });
    }
  }

  private async snapshotNames(): Promise<string[]> {
    const names = await readdir(this.root).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    return names.filter((name) => SNAPSHOT_NAME.test(name));
  }
}

function nextSequence(names: readonly string[]): number {
  let highest = 0;
  for (const name of names) highest = Math.max(highest, Number(SNAPSHOT_NAME.exec(name)?.[1] ?? 0));
  return highest + 1;
}
