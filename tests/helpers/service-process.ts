import { spawn, type ChildProcess } from 'node:child_process'
import { runMarks } from './leftovers.js'

const ROOT = new URL('../..', import.meta.url).pathname

/** The real service as one process (`node --import tsx`, no wrapper), so a signal reaches the process holding the socket. */
export interface ServiceProcess {
  child: ChildProcess
  base: string
  port: number
  output: () => string
}

/** Starts `server/main.ts` on a free port with `env` (besides PATH, PORT=0 and the leftovers marks); resolves once it listens. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...runMarks(), PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += String(d)))
  child.stderr!.on('data', (d) => (out += String(d)))
  const deadline = Date.now() + 30_000
  for (;;) {
    const port = /\(port (\d+)\)/.exec(out)?.[1]
    if (port) return { child, base: `http://127.0.0.1:${port}`, port: Number(port), output: () => out }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`service did not start:\n${out}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Resolves when the process has exited (at once if it already has), with its code or signal. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}
