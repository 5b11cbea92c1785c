import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Thrown when another live process holds the data directory. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

/** Who holds a data directory: enough to tell a live holder from a stale lock. */
export interface LockOwner {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (Linux), to detect a reused pid; null elsewhere. */
  started: number | null;
}

/** A process's start time from /proc (field 22 of stat), or null where /proc is not available. */
export function processStartTime(pid: number | 'self'): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const started = Number(fields[19]);
    return Number.isFinite(started) ? started : null;
  } catch {
    return null;
  }
}

/** Reads a lock file; a lock written as a bare pid (older format) counts as this host's. */
function readOwner(lockPath: string): LockOwner | null {
  const text = readFileSync(lockPath, 'utf8').trim();
  if (/^\d+$/.test(text)) return { pid: Number(text), host: hostname(), started: null };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, host, started } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string') return null;
    return { pid, host, started: typeof started === 'number' ? started : null };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's holder may still be running. A holder on another host (another container
 * sharing the volume, where every server may be pid 1) cannot be probed, so it counts as alive.
 */
function isHolderAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A live pid with another start time is a different process that reused the number.
  const started = owner.started === null ? null : processStartTime(owner.pid);
  return started === null || started === owner.started;
}

/**
 * Takes the data directory for this process. PGlite corrupts its files if two processes open them,
 * so a second process must stop with a clear message; a lock left by a crashed process on this host
 * is taken over. Returns the function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'misprint.lock');
  const me: LockOwner = { pid: process.pid, host: hostname(), started: processStartTime('self') };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(lockPath);
      if (owner && isHolderAlive(owner)) {
        const where = owner.host === me.host ? '' : ` on host ${owner.host}`;
        throw new DataDirLockedError(
          `data directory ${dataDir} is in use by another Misprint process (pid ${owner.pid}${where}); stop it, or set DATA_DIR or DATABASE_URL${where ? `; if no server runs there, delete ${lockPath}` : ''}`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock data directory ${dataDir}`);
}
