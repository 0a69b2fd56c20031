import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser } from 'playwright-core'
import { REPO_ROOT, startBenchService } from './service.js'
import { fmt, median, ms, percent, times, verdict, type Row } from './stats.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const STANDALONE = join(REPO_ROOT, 'dist/widget/v1/bbb-spaces.js')
const ESM_DIR = join(REPO_ROOT, 'dist/widget/esm')
const ESM = join(ESM_DIR, 'bbb-spaces-react.js')
const SPACE = 'bench-widget'

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Builds the widget with its own script when the built files are missing or older than its sources. */
function ensureWidgetBuilt(): string {
  let built = 0
  try {
    built = Math.min(statSync(STANDALONE).mtimeMs, statSync(ESM).mtimeMs)
  } catch {
    // not built yet
  }
  if (built > newestMtime(join(REPO_ROOT, 'widget'))) return 'up to date'
  execFileSync(process.execPath, ['widget/build.mjs'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  return 'built now'
}

/**
 * A bundle built with the widget's build settings (Vite, React plugin, minified, es2022): an IIFE (dynamic imports
 * inlined), or an ES module whose lazy parts are files of their own beside it; `alias` maps package names to files
 * (the host bundle takes the widget's built ESM entry, as a host's bundler would).
 */
async function buildIife(entry: string, outDir: string, file: string, alias: Record<string, string> = {}, format: 'iife' | 'es' = 'iife'): Promise<string> {
  const previous = process.env.NODE_ENV
  // As in widget/build.mjs: the JSX transform picks its production runtime only when this is set first.
  process.env.NODE_ENV = 'production'
  try {
    const [{ build }, { default: react }] = await Promise.all([import('vite'), import('@vitejs/plugin-react')])
    await build({
      configFile: false,
      root: REPO_ROOT,
      logLevel: 'warn',
      mode: 'production',
      plugins: [react()],
      define: { 'process.env.NODE_ENV': '"production"' },
      resolve: { alias },
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        sourcemap: false,
        target: 'es2022',
        lib: { entry, formats: [format], name: 'BenchBundle', fileName: () => file },
      },
    })
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = previous
  }
  return join(outDir, file)
}

/** The floor: React rendering one button. */
const buildHello = (outDir: string) => buildIife(join(REPO_ROOT, 'tests/bench/hello/main.tsx'), outDir, 'hello.js')

/**
 * A React host's page bundle: React 19 and the widget's ESM entry (bbb-spaces-widget), rendering one
 * MeetingButton. The entry is written under the repository so that `react` resolves from its node_modules.
 * `es`: an ES module with the entry's lazy parts as files beside it, as a host's bundler emits them.
 */
async function buildReactHost(outDir: string, format: 'iife' | 'es' = 'iife'): Promise<string> {
  mkdirSync(join(REPO_ROOT, 'node_modules/.cache'), { recursive: true })
  const work = mkdtempSync(join(REPO_ROOT, 'node_modules/.cache/bbb-spaces-bench-host-'))
  try {
    writeFileSync(
      join(work, 'entry.js'),
      `import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'
import { BbbSpacesProvider, MeetingButton } from 'bbb-spaces-widget'
createRoot(document.getElementById('app')).render(
  h(BbbSpacesProvider, { serviceUrl: location.origin, getToken: () => window.__benchToken, locale: 'en' },
    h(MeetingButton, { spaceId: ${JSON.stringify(SPACE)} })))
`,
    )
    return await buildIife(join(work, 'entry.js'), outDir, 'react-host.js', { 'bbb-spaces-widget': ESM }, format)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length
const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`

/** A host page that inserts one script (a module with `module`) and reports when an enabled button is on screen. */
function hostPage(script: string, mount: string, onLoad: string, button: string, module = false): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body>${mount}
<script>
const t0 = performance.now()
window.__t0 = t0
const s = document.createElement('script')
${module ? "s.type = 'module'" : ''}
s.src = ${JSON.stringify(script)}
s.onload = () => { ${onLoad} }
document.head.append(s)
;(function check() {
  const b = ${button}
  if (b) window.__interactiveMs = performance.now() - t0
  else setTimeout(check, 2)
})()
</script></body></html>`
}

async function loadTime(browser: Browser, origin: string, html: string, routes: Record<string, string>): Promise<number> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.route(`${origin}/bench-host.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }))
    for (const [path, file] of Object.entries(routes)) {
      await page.route(`${origin}${path}`, (route) => route.fulfill({ contentType: 'text/javascript', body: readFileSync(file, 'utf8') }))
    }
    await page.goto(`${origin}/bench-host.html`)
    const handle = await page.waitForFunction(() => (window as unknown as { __interactiveMs?: number }).__interactiveMs, null, {
      timeout: 30_000,
      polling: 50,
    })
    return (await handle.jsonValue()) as number
  } finally {
    await context.close()
  }
}

/**
 * The files under `dir` (a React host's ES build: its page module, then the widget's lazy parts as it emitted them)
 * that the host page fetched before its button was enabled, in a cold context.
 */
async function fetchedBeforeButton(browser: Browser, origin: string, html: string, dir: string): Promise<string[]> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.route(`${origin}/bench-host.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }))
    await page.route(`${origin}/bench-host-es/*`, (route) => {
      const file = join(dir, new URL(route.request().url()).pathname.split('/').pop()!)
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file, 'utf8') })
    })
    await page.goto(`${origin}/bench-host.html`)
    await page.waitForFunction(() => (window as unknown as { __interactiveMs?: number }).__interactiveMs, null, { timeout: 30_000, polling: 50 })
    return await page.evaluate(() => {
      const w = window as unknown as { __t0: number; __interactiveMs: number }
      const enabledAt = w.__t0 + w.__interactiveMs
      return performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/bench-host-es/') && e.startTime <= enabledAt)
        .map((e) => new URL(e.name).pathname.split('/').pop()!)
    })
  } finally {
    await context.close()
  }
}

/**
 * Section 6: gzipped sizes of the standalone script (built with Preact's React compatibility layer) and of the ESM
 * entry (React external) with what a React host's first paint loads in all (the entry and the lazy parts fetched
 * before the button is enabled), and for each build the time from inserting the script to an enabled meeting button in
 * Chromium (the widget asks the service for the space's rooms first): the standalone script as hosts load it, and
 * a React host's bundle (React 19 + the ESM entry). Baseline: a bare React "hello" bundle built the same way.
 */
export async function benchWidget(options: { rounds: number }): Promise<Row[]> {
  const state = ensureWidgetBuilt()
  const tmp = mkdtempSync(join(tmpdir(), 'bbb-spaces-bench-'))
  const service = await startBenchService('sqlite')
  let browser: Browser | null = null
  try {
    const hello = await buildHello(tmp)
    const host = await buildReactHost(join(tmp, 'host'))
    const hostEsDir = join(tmp, 'host-es')
    await buildReactHost(hostEsDir, 'es')
    const manager = await service.token({ sub: 'bench-manager', spaces: { [SPACE]: 'manager' } })
    await service.api('POST', `/api/v1/spaces/${SPACE}/rooms`, manager, { name: 'Widget bench' }, 201)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })

    const enabledJoin = (root: string) =>
      `${root}?.shadowRoot?.querySelector('button[data-bbb-action="join"]:not([aria-disabled="true"])')`
    const widgetHtml = hostPage(
      '/widget/v1/bbb-spaces.js',
      `<div id="w" data-bbb-space="${SPACE}" data-bbb-view="button"></div>`,
      `BbbSpaces.init({ getToken: () => ${JSON.stringify(manager)} })`,
      enabledJoin(`document.getElementById('w')`),
    )
    const hostHtml = hostPage(
      '/bench-react-host.js',
      `<div id="app"></div><script>window.__benchToken = ${JSON.stringify(manager)}</script>`,
      '',
      enabledJoin(`document.querySelector('#app [data-bbb-spaces-host]')`),
    )
    const hostEsHtml = hostPage(
      '/bench-host-es/react-host.js',
      `<div id="app"></div><script>window.__benchToken = ${JSON.stringify(manager)}</script>`,
      '',
      enabledJoin(`document.querySelector('#app [data-bbb-spaces-host]')`),
      true,
    )
    const helloHtml = hostPage('/bench-hello.js', '<div id="hello-root"></div>', '', `document.querySelector('#hello-root button')`)
    // Every script reaches the page the same way (intercepted, read from disk); the widget's API calls go to the service.
    const pages = {
      widget: [widgetHtml, { '/widget/v1/bbb-spaces.js': STANDALONE }],
      host: [hostHtml, { '/bench-react-host.js': host }],
      hello: [helloHtml, { '/bench-hello.js': hello }],
    } as const
    const timesMs = { widget: [] as number[], host: [] as number[], hello: [] as number[] }
    for (const [html, routes] of Object.values(pages)) await loadTime(browser, service.url, html, routes)
    // Interleaved, so machine noise hits the three alike.
    for (let r = 0; r < options.rounds; r++) {
      for (const [name, [html, routes]] of Object.entries(pages)) {
        timesMs[name as keyof typeof pages].push(await loadTime(browser, service.url, html, routes))
      }
    }
    // What a React host's first paint loads of the widget: the entry, and the lazy parts fetched before the button
    // is enabled. The host's bundler names each part after the widget's file (`bbb-spaces-RoomDialog-<hash>` +
    // its own hash): the part's size is that file's, as published.
    const fetched = await fetchedBeforeButton(browser, service.url, hostEsHtml, hostEsDir)
    const parts = readdirSync(ESM_DIR).filter((f) => f !== 'bbb-spaces-react.js')
    const lazyFetched = parts.filter((part) => fetched.some((f) => f.startsWith(part.replace(/\.js$/, '-'))))
    const lazyGz = lazyFetched.reduce((sum, f) => sum + gz(join(ESM_DIR, f)), 0)
    const standalone = gz(STANDALONE)
    const esm = gz(ESM)
    const firstPaint = esm + lazyGz
    const hostGz = gz(host)
    const helloGz = gz(hello)
    const w = median(timesMs.widget)
    const hm = median(timesMs.host)
    const h = median(timesMs.hello)
    return [
      {
        section: '6 Widget',
        figure: `standalone script (Preact compat), gzipped (dist ${state})`,
        value: kb(standalone),
        baseline: `${kb(helloGz)} React hello`,
        ratio: times(standalone / helloGz, 2),
        target: verdict(standalone <= 35 * 1024, '≤ 35 KB'),
      },
      {
        section: '6 Widget',
        // Lazy parts are not counted as saved when a first paint fetches them anyway.
        figure: `ESM entry (React external, a peer), gzipped; first paint = entry + the ${lazyFetched.length} lazy part(s) fetched before an enabled button${lazyFetched.length ? ` (${lazyFetched.join(', ')})` : ''}`,
        value: `${kb(esm)}; first paint ${kb(firstPaint)}`,
        baseline: '15.0 KB budget',
        ratio: `${percent(firstPaint / (15 * 1024))} of budget`,
        target: verdict(firstPaint <= 15 * 1024, '≤ 15 KB'),
      },
      {
        section: '6 Widget',
        figure: 'React host bundle (React 19 + ESM entry, one MeetingButton), gzipped',
        value: kb(hostGz),
        baseline: `${kb(helloGz)} React hello`,
        ratio: times(hostGz / helloGz, 2),
        target: '—',
      },
      {
        section: '6 Widget',
        figure: 'script inserted → enabled button: standalone (Preact), Chromium, cold context',
        value: ms(w, 0),
        baseline: `${ms(h, 0)} React hello`,
        ratio: times(w / h, 2),
        target: '—',
      },
      {
        section: '6 Widget',
        figure: 'script inserted → enabled button: React host bundle (ESM entry + React)',
        value: ms(hm, 0),
        baseline: `${ms(h, 0)} React hello`,
        ratio: times(hm / h, 2),
        target: '—',
      },
    ]
  } finally {
    await browser?.close()
    await service.close()
    rmSync(tmp, { recursive: true, force: true })
  }
}
