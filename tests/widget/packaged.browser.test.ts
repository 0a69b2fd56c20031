import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The widget as a host gets it: `npm pack` in widget/, the tarball installed into a scratch React app (outside
// the repository, so nothing resolves from the repository's node_modules), built with the app's own Vite,
// served from its own origin and run in Chromium against a real service.

const ROOT = new URL('../..', import.meta.url).pathname
const SPACE = 'packaged-space'
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']

/** The versions the repository already has, so the install comes from the local npm cache. */
const version = (name: string) => (JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string }).version

let app: string
let tarball: string
let packed: string[]
let browser: Browser
let service: TestService
let hostServer: Server
let host: string

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: '' } })
}

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'bbb-spaces-host-app-'))
  // `npm pack` runs the package's prepack (bundle + type declarations), as a publish would.
  const output = npm(['pack', '--json', '--pack-destination', app], `${ROOT}widget`)
  // The build's own lines (bundle sizes) come first; npm's JSON report is the last thing printed.
  const report = output.slice(output.search(/^\[/m))
  const [info] = JSON.parse(report) as Array<{ filename: string; files: Array<{ path: string }> }>
  tarball = info!.filename
  packed = info!.files.map((f) => f.path)

  writeFileSync(
    `${app}/package.json`,
    JSON.stringify({
      name: 'scratch-react-host',
      private: true,
      type: 'module',
      dependencies: { react: version('react'), 'react-dom': version('react-dom'), 'bbb-spaces-widget': `file:./${tarball}` },
      devDependencies: { vite: version('vite'), '@vitejs/plugin-react': version('@vitejs/plugin-react'), '@types/react': version('@types/react') },
    }),
  )
  npm(['install', ...NPM_FLAGS], app)

  hostServer = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    const file = join(app, 'dist', path === '/' ? 'index.html' : path)
    if (!file.startsWith(`${app}/dist/`) || !existsSync(file)) return void res.writeHead(404).end()
    const type = extname(file) === '.js' ? 'text/javascript' : extname(file) === '.html' ? 'text/html' : 'application/octet-stream'
    res.writeHead(200, { 'Content-Type': type }).end(readFileSync(file))
  })
  await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve))
  host = `http://localhost:${(hostServer.address() as AddressInfo).port}`
  ;[browser, service] = await Promise.all([launchBrowser(), startTestService({ allowedOrigins: [host] })])
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await service?.close()
  if (hostServer) await new Promise((resolve) => hostServer.close(resolve))
  if (app) rmSync(app, { recursive: true, force: true })
})

describe('the bbb-spaces-widget package', () => {
  it('packs only its built ESM files and type declarations, as an ES module without side effects', () => {
    expect(packed).toContain('package.json')
    expect(packed).toContain('dist/esm/bbb-spaces-react.js')
    expect(packed).toContain('dist/types/widget/react.d.ts')
    expect(packed.filter((p) => !/^(package\.json|README\.md|dist\/esm\/[\w.-]+\.js|dist\/types\/.+\.d\.ts)$/.test(p))).toEqual([])
    const manifest = JSON.parse(readFileSync(`${app}/node_modules/bbb-spaces-widget/package.json`, 'utf8')) as Record<string, unknown>
    expect(manifest).toMatchObject({ type: 'module', sideEffects: false })
    expect(Object.keys(manifest.peerDependencies as object).sort()).toEqual(['react', 'react-dom'])
    expect(manifest.dependencies).toBeUndefined()
  })

  it('installs into a React app without Express or a database driver in its tree', () => {
    const installed = readdirSync(`${app}/node_modules`)
    expect(installed).toContain('bbb-spaces-widget')
    for (const name of ['express', 'better-sqlite3', 'pg', 'zod', 'kysely', 'bbb-spaces']) expect(installed).not.toContain(name)
    // The app resolves the package through its exports to the built entry inside its own node_modules.
    const resolved = execFileSync(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('bbb-spaces-widget'))"], { cwd: app })
      .toString()
      .trim()
    expect(resolved).toBe(`file://${app}/node_modules/bbb-spaces-widget/dist/esm/bbb-spaces-react.js`)
  })

  it('type-checks a host’s TypeScript against the installed declarations alone (skipLibCheck off)', () => {
    writeFileSync(
      `${app}/check.ts`,
      `import { createElement } from 'react'
import { BbbSpacesProvider, MeetingButton, WidgetError, type MeetingButtonProps, type Locale } from 'bbb-spaces-widget'
const props: MeetingButtonProps = { spaceId: 'team' }
const locale: Locale = 'fr'
export const tree = createElement(BbbSpacesProvider, { serviceUrl: 'https://meet.example.org', getToken: async () => 'token', locale },
  createElement(MeetingButton, props))
export const isWidgetError = (e: unknown) => e instanceof WidgetError
// @ts-expect-error spaceId is required
export const wrong: MeetingButtonProps = {}
`,
    )
    writeFileSync(
      `${app}/tsconfig.json`,
      JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], noEmit: true, skipLibCheck: false, types: [] },
        files: ['check.ts'],
      }),
    )
    const tsc = `${ROOT}node_modules/typescript/bin/tsc`
    let output = ''
    try {
      execFileSync(process.execPath, [tsc, '-p', `${app}/tsconfig.json`], { cwd: app, encoding: 'utf8' })
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err)
    }
    expect(output).toBe('')
  })

  it('builds with the app’s own Vite and renders a MeetingButton that starts a meeting in Chromium', async () => {
    const token = await service.mintToken({ sub: 'packaged-manager', name: 'Pat Manager', spaces: { [SPACE]: 'manager' } })
    mkdirSync(`${app}/src`, { recursive: true })
    writeFileSync(
      `${app}/index.html`,
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Packaged host</title></head>' +
        '<body><main><h1>Packaged host</h1><div id="app"></div></main><script type="module" src="/src/main.jsx"></script></body></html>',
    )
    writeFileSync(
      `${app}/src/main.jsx`,
      `import { createRoot } from 'react-dom/client'
import { BbbSpacesProvider, MeetingButton } from 'bbb-spaces-widget'
window.events = []
createRoot(document.getElementById('app')).render(
  <BbbSpacesProvider serviceUrl={${JSON.stringify(service.url)}} getToken={async () => ${JSON.stringify(token)}} locale="en"
    onEvent={(name, detail) => window.events.push([name, detail])}>
    <MeetingButton spaceId={${JSON.stringify(SPACE)}} />
  </BbbSpacesProvider>)
`,
    )
    writeFileSync(`${app}/vite.config.js`, "import react from '@vitejs/plugin-react'\nexport default { plugins: [react()], logLevel: 'error' }\n")
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { cwd: app, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } })
    expect(existsSync(`${app}/dist/index.html`)).toBe(true)

    const { context, page } = await newUserPage(browser)
    try {
      await page.goto(`${host}/`)
      const start = page.locator('#app').getByRole('button', { name: /^Start a meeting/ })
      await expect.poll(() => start.count(), { timeout: 10_000 }).toBe(1)
      expect(await page.locator('#app [data-bbb-spaces-host]').evaluate((el) => el.shadowRoot !== null)).toBe(true)
      expect(await axeViolations(page)).toEqual([])
      const [tab] = await Promise.all([context.waitForEvent('page'), start.click()])
      await tab.waitForURL(/\/bigbluebutton\/client/)
      await expect.poll(() => tab.locator('#bbb-dev-user-role').textContent()).toContain('MODERATOR')
      const events = (await page.evaluate(() => (window as unknown as { events: Array<[string]> }).events)).map((e) => e[0])
      expect(events).toContain('joined')
    } finally {
      await context.close()
    }
  })
})
