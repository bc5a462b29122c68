/**
 * Tools for the "nothing lost, nothing leaked" suites: a canary file and a canary server that must never be
 * reached, the CLI run as a child process in a private temporary folder (so that the Chrome profiles and
 * processes it leaves, if any, are its own and not those of other tests running on the machine), and checks
 * for temporaries and processes left behind.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { CLI } from './edition.js';

/** A unique text that must never appear in an output: the content of files outside the edition. */
export function canaryToken(kind = 'FILE'): string {
  return `CANARY-${kind}-${randomBytes(8).toString('hex').toUpperCase()}`;
}

/** Writes `file` holding only `token` (and a line end), and returns the file's path. */
export function writeCanaryFile(file: string, token: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`);
  return file;
}

/**
 * Base64 fragments of `token` at each of the three byte alignments, so that the token is found even inside a
 * larger file embedded as a `data:` URL.
 */
export function base64Needles(token: string): string[] {
  const bytes = Buffer.from(token);
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k, 0x20), bytes]).toString('base64');
    // Drop the quartet that holds the filler and the last quartet, which depends on what follows.
    out.push(enc.slice(k === 0 ? 0 : 4, -4));
  }
  return out;
}

/** Where a text carries the token, as itself or base64-encoded; empty when it does not. */
export function findCanary(text: string | Buffer, token: string): string[] {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  const found: string[] = [];
  if (s.includes(token)) found.push('plain');
  for (const n of base64Needles(token)) if (s.includes(n)) found.push(`base64 ${n}`);
  return found;
}

export interface CanaryServer {
  port: number;
  origin: string;
  /** Everything that reached the port: HTTP requests, upgrades (WebSocket), raw TCP connections. */
  hits: string[];
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 that records every request, every upgrade (WebSocket) and every raw TCP
 * connection, whatever protocol it speaks.
 */
export async function startCanaryServer(): Promise<CanaryServer> {
  const hits: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'text/plain');
    res.end('CANARY-SERVER-CONTENT');
  });
  server.on('connection', (socket: Socket) => {
    hits.push(`tcp connection from ${socket.remoteAddress}:${socket.remotePort}`);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Socket) => {
    hits.push(`upgrade ${req.headers.upgrade ?? ''} ${req.url}`);
    socket.destroy();
  });
  server.on('clientError', (_err, socket: Socket) => {
    hits.push('non-HTTP data');
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface SpawnedCli {
  pid: number;
  done: Promise<CliRun>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts `bulletin <args>` as a child process. `tmpdir` becomes its TMPDIR, so os.tmpdir() in the CLI (and the
 * Chrome profile folders it makes there) is private to this run.
 */
export function spawnCli(args: string[], options: { tmpdir: string; env?: Record<string, string>; timeoutMs?: number }): SpawnedCli {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: 'true', TMPDIR: options.tmpdir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const limit = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
  return { pid: child.pid!, done, kill: (signal) => child.kill(signal) };
}

export function runCli(args: string[], options: { tmpdir: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliRun> {
  return spawnCli(args, options).done;
}

/** Bulletin's temporary outputs (`.<name>.<pid>.<hex>.tmp`) and any other `.tmp` file in a folder. */
export function temporariesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

/** Chrome profile folders bulletin made in a temporary folder. */
export function profileDirsIn(tmpdir: string): string[] {
  if (!existsSync(tmpdir)) return [];
  return readdirSync(tmpdir).filter((f) => f.startsWith('bulletin-chrome-'));
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  stat: string;
  args: string;
}

export function processes(): ProcessInfo[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,stat=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const list: ProcessInfo[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (m) list.push({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), stat: m[4]!, args: m[5]! });
  }
  return list;
}

/** Live (not zombie) processes whose command line contains one of `needles` or that belong to one of `pgids`. */
export function liveProcessesMatching(needles: readonly string[], pgids: readonly number[] = []): ProcessInfo[] {
  return processes().filter(
    (p) => !p.stat.startsWith('Z') && p.pid !== process.pid && (needles.some((n) => p.args.includes(n)) || pgids.includes(p.pgid)),
  );
}

/** Polls until `probe` returns a truthy value (returned) or the time is up (returns the last value). */
export async function waitFor<T>(probe: () => T, timeoutMs: number, everyMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = probe();
  while (!value && Date.now() < end) {
    await new Promise((r) => setTimeout(r, everyMs));
    value = probe();
  }
  return value;
}

/** Waits until no live process matches (zombies are ignored) and returns those still there after `timeoutMs`. */
export async function leftoverProcesses(needles: readonly string[], pgids: readonly number[] = [], timeoutMs = 3000): Promise<ProcessInfo[]> {
  let left = liveProcessesMatching(needles, pgids);
  const end = Date.now() + timeoutMs;
  while (left.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    left = liveProcessesMatching(needles, pgids);
  }
  return left;
}

/** A stack trace line as Node prints it (`    at fn (file:1:2)`). */
export const STACK_TRACE = /\n\s+at .+[:(]\d+/;
