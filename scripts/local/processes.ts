import type { ChildProcess } from 'node:child_process';

/**
 * Every child process the local stack starts is registered here and started detached (its
 * own process group), so stopping kills the whole group: Java outlives its parent on
 * SIGINT otherwise, and osls spawns workers of its own.
 */
const children = new Set<ChildProcess>();
/** Servers running inside this process (the local S3): closed by stopAll too. */
const closers = new Set<() => Promise<void>>();

export function onStopAll(close: () => Promise<void>): void {
  closers.add(close);
}

export function track(child: ChildProcess, name: string): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  (child as ChildProcess & { stackName?: string }).stackName = name;
  return child;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

export async function stop(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].reverse().map((c) => stop(c)));
  await Promise.all([...closers].map((close) => close().catch(() => {})));
  closers.clear();
}

let hooked = false;
/** Ctrl-C, SIGTERM and a crash all end every child we started. */
export function stopAllOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of children) killGroup(c, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      void stopAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${what} exited before it was ready (code ${child.exitCode ?? child.signalCode})`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} was not ready after ${timeoutMs} ms`);
}
