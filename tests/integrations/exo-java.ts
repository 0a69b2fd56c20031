import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'

const ROOT = new URL('../..', import.meta.url).pathname
export const EXO_DIR = join(ROOT, 'integrations/exo')
export const STANDIN_DIR = join(ROOT, 'tests/integrations/exo-standin')
export const MODULE_JS = join(EXO_DIR, 'src/main/webapp/js/webconferencing-bbb.js')

/** CI installs the JDK (.ci/run): a machine without one fails here, loudly, instead of skipping. */
export function requireJava(): void {
  for (const tool of ['java', 'javac', 'jar']) {
    const probe = spawnSync(tool, ['-version'], { encoding: 'utf8' })
    if (probe.error) {
      throw new Error(`${tool} not found: the eXo connector tests need Java 17 and JUnit 5 (apt-get install openjdk-17-jdk-headless junit5)`)
    }
  }
}

export interface ExoBuild {
  dir: string
  output: string
  classpath: string
  cleanup(): void
}

/** Runs integrations/exo/build.sh into a fresh directory (each test file its own, so they never collide). */
export async function buildExo(options: { skipTests?: boolean } = {}): Promise<ExoBuild> {
  requireJava()
  const dir = mkdtempSync(join(tmpdir(), 'exo-build-'))
  const args = options.skipTests ? ['--skip-tests'] : []
  const output = await new Promise<string>((resolve, reject) => {
    execFile(join(EXO_DIR, 'build.sh'), args, { env: { ...process.env, BUILD_DIR: dir }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const all = `${stdout}\n${stderr}`
      if (err) {
        rmSync(dir, { recursive: true, force: true })
        reject(new Error(`build.sh failed (${err.code}):\n${all}`))
      }
      else resolve(all)
    })
  })
  return {
    dir,
    output,
    classpath: `${join(dir, 'classes')}:${join(dir, 'test-classes')}`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** A fixture directory and connector settings written for the Java side. */
export function writeJavaInputs(dir: string, fixture: unknown, config: Record<string, string>): { fixture: string; config: string } {
  const fixturePath = join(dir, 'directory.json')
  const configPath = join(dir, 'connector.properties')
  writeFileSync(fixturePath, JSON.stringify(fixture))
  writeFileSync(configPath, Object.entries(config).map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\')}`).join('\n'))
  return { fixture: fixturePath, config: configPath }
}

/** Runs one JVM command of the test kit to completion and returns its exit code and output. */
export function runJava(classpath: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-cp', classpath, 'org.bbbspaces.exo.testkit.StandInExo', ...args], (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(err)
      else resolve({ code: err ? (err.code as number) : 0, stdout, stderr })
    })
  })
}

export interface StandIn {
  url: string
  /** Closes the server's standard input, waits for the JVM to exit, and checks it did. */
  stop(): Promise<void>
}

/** Starts the stand-in eXo (a JDK HttpServer over the connector's TokenIssuer) on a loopback port. */
export async function startStandIn(classpath: string, inputs: { fixture: string; config: string }, port = 0): Promise<StandIn> {
  const child: ChildProcess = spawn(
    'java',
    ['-cp', classpath, 'org.bbbspaces.exo.testkit.StandInExo', 'serve', '--fixture', inputs.fixture, '--config', inputs.config,
      '--static', STANDIN_DIR, '--module', MODULE_JS, '--port', String(port)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += String(d)))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const m = /^listening (http:\/\/\S+)$/.exec(line)
      if (m) resolve(m[1]!)
    })
    void exited.then((code) => reject(new Error(`the stand-in eXo exited (${code}) before listening:\n${stderr}`)))
  })
  return {
    url,
    async stop() {
      child.stdin!.end()
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
      if (child.exitCode === null && child.signalCode === null) throw new Error('the stand-in eXo is still running')
      // The process is gone: signalling it now must fail.
      let alive = true
      try {
        process.kill(child.pid!, 0)
      } catch {
        alive = false
      }
      if (alive) throw new Error(`the stand-in eXo (pid ${child.pid}) is still running`)
    },
  }
}

/** A loopback port free right now (the stand-in's origin must be known before bbb-spaces starts, for CORS). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
