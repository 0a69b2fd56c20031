import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

// What `npm pack` (and so `npm publish`) ships of the service package: what runs it, nothing of the tests.

const ROOT = new URL('..', import.meta.url).pathname

function packedFiles(): string[] {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  const [report] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>
  return report!.files.map((f) => f.path)
}

describe('the service package', () => {
  it('ships the server, its command, the built widget, the demo and the docs, and no tests', () => {
    const files = packedFiles()
    for (const needed of ['package.json', 'README.md', 'bin/bbb-spaces.js', 'server/main.ts', 'server/bbb/index.ts', 'widget/demo/index.html', 'docs/bbb-client.md']) {
      expect(files).toContain(needed)
    }
    // The global setup has built the widget, so the tarball carries what the service serves.
    expect(files).toContain('dist/widget/v1/bbb-spaces.js')
    expect(files).toContain('dist/widget/v1/bbb-spaces-admin.js')
    expect(files).toContain('dist/widget/link/room-link.js')
    expect(files.filter((f) => /^(tests|\.ci|\.github|node_modules|data|coverage)\//.test(f) || /\.test\.tsx?$/.test(f))).toEqual([])
    // The widget's sources are the bbb-spaces-widget package's, not the service's.
    expect(files.filter((f) => f.startsWith('widget/') && !f.startsWith('widget/demo/'))).toEqual([])
  })
})
