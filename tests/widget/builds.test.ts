import { readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

// The widget builds, as the suite's global set-up built them: the standalone script a host loads with a script tag
// runs on Preact's compatibility layer and stays within its size target; the admin console, scheduled meetings and
// the room dialog are standalone scripts the first loads on demand, each with its own target; the ESM entry for
// React hosts bundles no runtime and imports the host's React.

const ROOT = new URL('../..', import.meta.url).pathname
const standalone = readFileSync(`${ROOT}dist/widget/v1/bbb-spaces.js`, 'utf8')
const admin = readFileSync(`${ROOT}dist/widget/v1/bbb-spaces-admin.js`, 'utf8')
const schedule = readFileSync(`${ROOT}dist/widget/v1/bbb-spaces-schedule.js`, 'utf8')
const room = readFileSync(`${ROOT}dist/widget/v1/bbb-spaces-room.js`, 'utf8')
const esm = readFileSync(`${ROOT}dist/widget/esm/bbb-spaces-react.js`, 'utf8')
// A string every production build of react-dom carries (its error decoder's message).
const REACT_DOM = 'Minified React error'
const IMPORTS = /(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g

describe('the widget builds', () => {
  it('the standalone script is at most 33 KB gzipped, with no React inside and nothing to import', () => {
    expect(gzipSync(standalone, { level: 9 }).length).toBeLessThanOrEqual(33 * 1024)
    expect(standalone).not.toContain(REACT_DOM)
    expect([...standalone.matchAll(IMPORTS)].map((m) => m[1])).toEqual([])
  })

  it('the admin console is a script of its own, at most 40 KB gzipped, that the main script only names', () => {
    expect(gzipSync(admin, { level: 9 }).length).toBeLessThanOrEqual(40 * 1024)
    expect(admin).not.toContain(REACT_DOM)
    expect([...admin.matchAll(IMPORTS)].map((m) => m[1])).toEqual([])
    // The console's own words travel with it, not with every host page.
    expect(admin).toContain('Audit log')
    expect(standalone).not.toContain('Audit log')
    expect(standalone).toContain('bbb-spaces-admin.js')
  })

  it('scheduled meetings are a script of their own, at most 25 KB gzipped, that the main script loads by name', () => {
    expect(gzipSync(schedule, { level: 9 }).length).toBeLessThanOrEqual(25 * 1024)
    expect(schedule).not.toContain(REACT_DOM)
    expect([...schedule.matchAll(IMPORTS)].map((m) => m[1])).toEqual([])
    expect(schedule).toContain('Expected attendance')
    expect(standalone).not.toContain('Expected attendance')
    expect(standalone).toContain('bbb-spaces-schedule.js')
  })

  it('the room dialog is a script of its own, at most 25 KB gzipped, that the main script loads by name', () => {
    expect(gzipSync(room, { level: 9 }).length).toBeLessThanOrEqual(25 * 1024)
    expect(room).not.toContain(REACT_DOM)
    expect([...room.matchAll(IMPORTS)].map((m) => m[1])).toEqual([])
    // The settings' words travel with the dialog, in both languages.
    expect(room).toContain('Guests and access codes')
    expect(room).toContain('Invités et codes d’accès')
    expect(standalone).not.toContain('Guests and access codes')
    expect(standalone).toContain('bbb-spaces-room.js')
  })

  it('the ESM entry is at most 15 KB gzipped: dialogs and the words of errors and scheduling are lazy parts beside it', () => {
    expect(gzipSync(esm, { level: 9 }).length).toBeLessThanOrEqual(15 * 1024)
    const parts = readdirSync(`${ROOT}dist/widget/esm`).filter((f) => f !== 'bbb-spaces-react.js')
    const partWith = (text: string) => parts.filter((f) => readFileSync(`${ROOT}dist/widget/esm/${f}`, 'utf8').includes(text))
    for (const text of ['Guests and access codes', 'Whoever types it joins as moderator.', 'This live-status ticket is invalid', 'Expected attendance']) {
      expect(esm.includes(text), text).toBe(false)
      expect(partWith(text), text).toHaveLength(1)
    }
  })

  it('the ESM entry imports React from the host and bundles none of it', () => {
    expect(esm).not.toContain(REACT_DOM)
    const packages = new Set([...esm.matchAll(IMPORTS)].map((m) => m[1]).filter((s) => !s!.startsWith('.')))
    expect([...packages].sort()).toEqual(['react', 'react-dom', 'react/jsx-runtime'])
  })
})
