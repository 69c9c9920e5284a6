import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../shared/errors.js';

/**
 * PGlite has no lock of its own on its data directory and two processes writing it
 * silently lose commits, so the app holds an exclusive lock file while it runs.
 */
export type LockInfo = { pid: number; host: string; startedAt: string; command: string };
export type DataDirLock = { path: string; release(): void };

const LOCK_NAME = 'weixi.lock';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function isStale(info: LockInfo | undefined): boolean {
  if (!info) return true;
  if (info.host !== hostname()) return false; // cannot check another machine: assume live
  return info.pid !== process.pid && !processIsAlive(info.pid);
}

function inUseError(dataDir: string, info: LockInfo | undefined): AppError {
  const who = info ? `pid ${info.pid} on ${info.host}, started ${info.startedAt}` : 'another process';
  return new AppError('data_dir_in_use', {
    'zh-CN': `数据目录 ${dataDir} 正被另一个 Weixi 进程使用（${who}）。请先停止它，或用 --data-dir 指定其他目录。`,
    'en-US': `The data directory ${dataDir} is in use by another Weixi process (${who}). Stop it first, or choose another directory with --data-dir.`,
  }, { dataDir, holder: info });
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_NAME);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' '),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          const current = readLock(path);
          if (current?.pid === process.pid && current.host === info.host) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(path);
    if (!isStale(holder)) throw inUseError(dataDir, holder);
    // Move the stale lock aside atomically; only one contender can win the rename.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue;
    }
    const moved = readLock(aside);
    if (moved && !isStale(moved)) {
      // We raced and moved a fresh lock: put it back and give up.
      if (!existsSync(path)) renameSync(aside, path);
      throw inUseError(dataDir, moved);
    }
    unlinkSync(aside);
  }
  throw inUseError(dataDir, readLock(path));
}
