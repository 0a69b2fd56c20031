/**
 * `bbb-spaces <command> …`: dispatches to one module per group of commands. Every command gets its
 * arguments, the environment and an output sink, and returns the exit status; none calls process.exit,
 * so tests run them in-process. Long-running commands (`bbb-dev`) resolve once they are listening and
 * keep the process alive with their server.
 */
import type { CliCommand, CliIo } from './command.js'

export type { CliCommand, CliIo } from './command.js'

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  sign: {
    summary: "sign <call> '<query>' [--algorithm sha1|sha256|sha384|sha512]  print a signed API URL",
    load: async () => (await import('./bbb-commands.js')).sign,
  },
  check: {
    summary: 'check  is the BBB server reachable, which version, is the secret right, which algorithms',
    load: async () => (await import('./bbb-commands.js')).check,
  },
  call: {
    summary: 'call <call> key=value …  perform an API call and print the parsed answer as JSON',
    load: async () => (await import('./bbb-commands.js')).call,
  },
  'bbb-dev': {
    summary: 'bbb-dev [--port 8090] [--secret S] [--algorithms sha1,sha256,…] [--like scalelite]  run the development BBB server',
    load: async () => (await import('../dev-bbb/cli.js')).bbbDev,
  },
}

function usage(): string[] {
  return [
    'usage: bbb-spaces <command> [options]',
    '',
    'BBB commands read BIGBLUEBUTTON_ENDPOINT / BIGBLUEBUTTON_SECRET, or --endpoint / --secret.',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.summary}`),
  ]
}

export async function runCli(argv: string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    usage().forEach((l) => io.stdout(l))
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS[name]
  if (!command) {
    io.stderr(`bbb-spaces: unknown command "${name}"`)
    usage().forEach((l) => io.stderr(l))
    return 2
  }
  try {
    return await (await command.load())(rest, env, io)
  } catch (err) {
    // A last guard: an admin sees one line, never a stack trace.
    io.stderr(`bbb-spaces ${name}: ${err instanceof Error ? err.message : String(err)}`)
    return 1
  }
}
