#!/usr/bin/env node
// The `bbb-spaces` command: loads the TypeScript sources through tsx, then runs the CLI.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../server/cli/index.ts')
process.exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
})
