import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir, processStartTime } from '../../../server/db/data-dir-lock.js';

describe('lockDataDir', () => {
  let dir: string;
  const lockFile = () => join(dir, 'misprint.lock');
  const writeOwner = (owner: object | string) =>
    writeFileSync(lockFile(), typeof owner === 'string' ? owner : JSON.stringify(owner));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'misprint-lock-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the holder and removes the lock on release', () => {
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses while another live process on this host holds the directory', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const pid = other.pid!;
      writeOwner({ pid, host: hostname(), started: processStartTime(pid) });
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(`pid ${pid}`);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('refuses a holder on another host, which it cannot probe', () => {
    writeOwner({ pid: 1, host: 'another-container', started: null });
    expect(() => lockDataDir(dir)).toThrow(/on host another-container.*delete/);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    writeOwner(String(gone.pid));
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
    release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it.runIf(processStartTime('self') !== null)(
    'takes over a lock whose pid was reused by another process',
    () => {
      const started = processStartTime('self')!;
      // The parent is alive, so only the start time can tell that the lock is not its own.
      writeOwner({ pid: process.ppid, host: hostname(), started: started + 12345 });
      const release = lockDataDir(dir);
      expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, started });
      release();
      expect(existsSync(lockFile())).toBe(false);
    },
  );
});
