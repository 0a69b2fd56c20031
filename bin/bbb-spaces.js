#!/usr/bin/env node
// The `bbb-spaces` command. From a checkout with dev dependencies it runs the TypeScript sources through tsx;
// an install without them (production, `npm ci --omit=dev`) runs the compiled CLI from `npm run build`.
let runCli
try {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ runCli } = await import('../server/cli/index.ts'))
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('tsx')) throw err
  ;({ runCli } = await import('../dist/server/cli/index.js'))
}
process.exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
})
