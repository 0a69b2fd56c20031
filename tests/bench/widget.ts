import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser } from 'playwright-core'
import { REPO_ROOT, startBenchService } from './service.js'
import { fmt, median, ms, percent, times, verdict, type Row } from './stats.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const STANDALONE = join(REPO_ROOT, 'dist/widget/v1/bbb-spaces.js')
const ESM = join(REPO_ROOT, 'dist/widget/esm/bbb-spaces-react.js')
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

/** The "hello" React bundle, built with the widget's build settings (Vite, React plugin, IIFE, minified, es2022). */
async function buildHello(outDir: string): Promise<string> {
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
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        sourcemap: false,
        target: 'es2022',
        lib: { entry: join(REPO_ROOT, 'tests/bench/hello/main.tsx'), formats: ['iife'], name: 'Hello', fileName: () => 'hello.js' },
      },
    })
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = previous
  }
  return join(outDir, 'hello.js')
}

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length
const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`

/** A host page that inserts one script and reports when an enabled button is on screen. */
function hostPage(script: string, mount: string, onLoad: string, button: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body>${mount}
<script>
const t0 = performance.now()
const s = document.createElement('script')
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
 * Section 6: gzipped sizes of the standalone script and the ESM entry, and the time from inserting the script
 * to an enabled meeting button in Chromium (the widget asks the service for the space's rooms first), vs a
 * bare React "hello" bundle built the same way.
 */
export async function benchWidget(options: { rounds: number }): Promise<Row[]> {
  const state = ensureWidgetBuilt()
  const tmp = mkdtempSync(join(tmpdir(), 'bbb-spaces-bench-'))
  const service = await startBenchService('sqlite')
  let browser: Browser | null = null
  try {
    const hello = await buildHello(tmp)
    const manager = await service.token({ sub: 'bench-manager', spaces: { [SPACE]: 'manager' } })
    await service.api('POST', `/api/v1/spaces/${SPACE}/rooms`, manager, { name: 'Widget bench' }, 201)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })

    const widgetHtml = hostPage(
      '/widget/v1/bbb-spaces.js',
      `<div id="w" data-bbb-space="${SPACE}" data-bbb-view="button"></div>`,
      `BbbSpaces.init({ getToken: () => ${JSON.stringify(manager)} })`,
      `document.getElementById('w').shadowRoot?.querySelector('button[data-bbb-action="join"]:not([aria-disabled="true"])')`,
    )
    const helloHtml = hostPage('/bench-hello.js', '<div id="hello-root"></div>', '', `document.querySelector('#hello-root button')`)
    // Both scripts reach the page the same way (intercepted, read from disk); the widget's API calls go to the service.
    const widgetRoutes = { '/widget/v1/bbb-spaces.js': STANDALONE }
    await loadTime(browser, service.url, widgetHtml, widgetRoutes)
    await loadTime(browser, service.url, helloHtml, { '/bench-hello.js': hello })
    const widgetMs: number[] = []
    const helloMs: number[] = []
    for (let r = 0; r < options.rounds; r++) {
      widgetMs.push(await loadTime(browser, service.url, widgetHtml, widgetRoutes))
      helloMs.push(await loadTime(browser, service.url, helloHtml, { '/bench-hello.js': hello }))
    }
    const standalone = gz(STANDALONE)
    const esm = gz(ESM)
    const helloGz = gz(hello)
    const w = median(widgetMs)
    const h = median(helloMs)
    return [
      {
        section: '6 Widget',
        figure: `standalone script, gzipped (dist ${state})`,
        value: kb(standalone),
        baseline: `${kb(helloGz)} React hello`,
        ratio: times(standalone / helloGz, 2),
        target: verdict(standalone <= 70 * 1024, '≤ 70 KB'),
      },
      {
        section: '6 Widget',
        figure: 'ESM entry (React external), gzipped',
        value: kb(esm),
        baseline: '15.0 KB budget',
        ratio: `${percent(esm / (15 * 1024))} of budget`,
        target: verdict(esm <= 15 * 1024, '≤ 15 KB'),
      },
      {
        section: '6 Widget',
        figure: 'script inserted → enabled button (Chromium, cold context)',
        value: ms(w, 0),
        baseline: `${ms(h, 0)} React hello`,
        ratio: times(w / h, 2),
        target: '—',
      },
    ]
  } finally {
    await browser?.close()
    await service.close()
    rmSync(tmp, { recursive: true, force: true })
  }
}
