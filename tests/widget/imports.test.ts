import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The widget's seams, read from its source: it reaches the server through the contract only, and its own
// modules import each other without circles.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const WIDGET = join(ROOT, 'widget')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : []
  })
}

interface Edge {
  to: string
  typeOnly: boolean
}

/** Relative imports and re-exports of a file, resolved to repository paths (`.js` written for `.ts`/`.tsx`). */
function importsOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8')
  const edges: Edge[] = []
  const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm
  for (const m of text.matchAll(pattern)) {
    const target = resolve(dirname(file), m[3]!).replace(/\.js$/, '')
    const to = [`${target}.ts`, `${target}.tsx`].find((p) => {
      try {
        readFileSync(p)
        return true
      } catch {
        return false
      }
    })
    edges.push({ to: relative(ROOT, to ?? target), typeOnly: Boolean(m[2]) })
  }
  // Dynamic imports (lazy chunks) are runtime edges too.
  for (const m of text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    const target = resolve(dirname(file), m[1]!).replace(/\.js$/, '')
    edges.push({ to: relative(ROOT, `${target}.tsx`), typeOnly: false })
  }
  return edges
}

const graph = new Map(sources(WIDGET).map((f) => [relative(ROOT, f), importsOf(f)]))

describe('the widget’s imports', () => {
  it('reach the server only through server/contract/', () => {
    const outside = [...graph].flatMap(([from, edges]) =>
      edges.filter((e) => e.to.startsWith('server/') && !e.to.startsWith('server/contract/')).map((e) => `${from} → ${e.to}`),
    )
    expect(graph.size).toBeGreaterThan(20)
    expect(outside).toEqual([])
  })

  it('form no circle, not even through type-only imports', () => {
    const state = new Map<string, 'open' | 'done'>()
    const circles: string[] = []
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' → '))
        return
      }
      state.set(file, 'open')
      for (const e of graph.get(file) ?? []) if (graph.has(e.to)) visit(e.to, [...path, file])
      state.set(file, 'done')
    }
    for (const file of graph.keys()) visit(file, [])
    expect(circles).toEqual([])
  })
})
