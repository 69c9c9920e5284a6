import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Runs the real `weixi` binary as a child process, the way a user starts it. */
export const WEIXI_BIN = join(process.cwd(), 'bin', 'weixi.mjs');

export type Child = { process: ChildProcess; output: () => string; exited: Promise<number | null> };

export function runWeixi(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [WEIXI_BIN, ...args], {
    env: { ...process.env, WEIXI_LANG: 'en-US', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

export async function waitForOutput(child: Child, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(child.output())) {
    if (child.process.exitCode !== null) throw new Error(`weixi exited (${child.process.exitCode}) before ${pattern}:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${response.status}: ${await response.text()}`);
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}
