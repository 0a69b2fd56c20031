// Emits the type declarations of the widget package (dist/types) and checks they stand alone: a host installs
// the package without the service, so every import in them must stay inside dist/types or name React.
// The widget's payload types come from the service's type-only contract (server/contract/): tsc emits them
// next to the widget's, under the same relative paths. Usage: node widget/build-types.mjs
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const out = join(here, 'dist/types')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

rmSync(out, { recursive: true, force: true })
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.build.json')], { stdio: 'inherit' })

const PEERS = /^(react|react-dom)(\/|$)/
const problems = []
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path)
    else if (entry.name.endsWith('.d.ts')) check(path)
  }
}
function check(file) {
  const source = readFileSync(file, 'utf8')
  const specs = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|<reference\s+(?:types|path)=['"]([^'"]+)['"]/g)]
  for (const m of specs) {
    const spec = m[1] ?? m[2] ?? m[3]
    const where = relative(out, file)
    if (PEERS.test(spec)) continue
    if (!spec.startsWith('.')) {
      problems.push(`${where}: imports "${spec}", which a host does not install`)
      continue
    }
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.d.ts'))
    if (!target.startsWith(out + '/') || !existsSync(target)) problems.push(`${where}: "${spec}" is not in the package`)
  }
}
walk(out)
if (problems.length > 0) {
  console.error(`widget/dist/types is not self-contained:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
