import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { CONFIG_DOC } from '../../server/config.js'

// What a project carries for the people who deploy or reuse it. Docker cannot run here: the compose file is parsed,
// the Dockerfile read for what the runtime stage must do (its build stage runs in CI: .ci/docker-build-stage.sh).
const read = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), 'utf8')

interface ComposeService {
  image?: string
  build?: unknown
  environment?: Record<string, string>
  depends_on?: Record<string, { condition?: string }>
  healthcheck?: { test?: unknown }
  ports?: string[]
}

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as { services: Record<string, ComposeService> }

  it('runs the service built from this Dockerfile next to PostgreSQL, once PostgreSQL is healthy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bbb-spaces', 'postgres'])
    const app = compose.services['bbb-spaces']!
    const db = compose.services.postgres!
    expect(app.build).toBe('.')
    expect(app.depends_on?.postgres?.condition).toBe('service_healthy')
    expect(db.image).toMatch(/^postgres:\d+/)
    expect(db.healthcheck?.test).toBeDefined()
    expect(app.environment?.NODE_ENV).toBe('production')
    expect(app.environment?.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//)
  })

  it('sets only settings the service knows', () => {
    const known = new Set(CONFIG_DOC.map((c) => c.env))
    for (const name of Object.keys(compose.services['bbb-spaces']!.environment ?? {})) expect(known, name).toContain(name)
  })
})

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile')
  const stages = dockerfile.split(/^FROM /m).slice(1)
  const runtime = stages.at(-1)!

  it('builds in one stage and runs the compiled server with production dependencies as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2)
    const build = stages.find((s) => /^\S+ AS build\b/.test(s))
    expect(build).toMatch(/^RUN npm ci\b/m)
    expect(build).toMatch(/^RUN npm run build$/m)
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m)
    expect(runtime).toMatch(/^USER (?!root\b|0\b)\S+/m)
    expect(runtime).toMatch(/^CMD \["node", "dist\/server\/main\.js"\]$/m)
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m)
    expect(runtime).toMatch(/NODE_ENV=production/)
  })
})

describe('LICENSE', () => {
  it('is the full GNU AGPL version 3 the package declares', () => {
    const license = read('LICENSE')
    const pkg = JSON.parse(read('package.json')) as { license: string }
    expect(pkg.license).toMatch(/^AGPL-3\.0/)
    expect(license).toMatch(/^GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3, 19 November 2007/)
    expect(license).toContain('13. Remote Network Interaction; Use with the GNU General Public License.')
    expect(license).toContain('END OF TERMS AND CONDITIONS')
  })
})
