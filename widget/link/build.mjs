// Builds the room-link page's assets: dist/widget/link/room-link.js (one ES module, on Preact's React
// compatibility layer as the standalone widget is) and dist/widget/link/room-link.css (the page's stylesheet,
// from widget/link/styles.ts and the shared design tokens, so the page is styled before its script runs).
// Run it with `node widget/link/build.mjs`; `npm run build:widget` chains it.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'vite'
import react from '@vitejs/plugin-react'

// Vite picks the production JSX runtime from NODE_ENV, not from `mode`.
process.env.NODE_ENV = 'production'

const root = fileURLToPath(new URL('../..', import.meta.url))
const out = `${root}dist/widget/link`
mkdirSync(out, { recursive: true })
// Built aside, then renamed into place: a running service never sees a file missing or half written.
const staging = mkdtempSync(`${out}/.build-`)

// As in widget/build.mjs: exact names, so `react-dom/client` does not fall through to another entry by prefix.
const PREACT_ALIASES = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
]

const common = { configFile: false, mode: 'production', root, logLevel: 'warn', define: { 'process.env.NODE_ENV': JSON.stringify('production') } }

try {
  await build({
    ...common,
    plugins: [react()],
    resolve: { alias: PREACT_ALIASES },
    build: {
      outDir: `${staging}/js`,
      emptyOutDir: true,
      sourcemap: false,
      minify: true,
      lib: { entry: 'widget/link/main.tsx', formats: ['es'], fileName: () => 'room-link.js' },
    },
  })
  // The stylesheet module is plain TypeScript: bundle it, import it, write its text.
  await build({
    ...common,
    build: {
      outDir: `${staging}/css`,
      emptyOutDir: true,
      sourcemap: false,
      minify: false,
      lib: { entry: 'widget/link/styles.ts', formats: ['es'], fileName: () => 'styles.mjs' },
    },
  })
  const { LINK_CSS } = await import(pathToFileURL(`${staging}/css/styles.mjs`).href)
  writeFileSync(`${staging}/room-link.css`, LINK_CSS.trim() + '\n')
  renameSync(`${staging}/js/room-link.js`, `${out}/room-link.js`)
  renameSync(`${staging}/room-link.css`, `${out}/room-link.css`)
} finally {
  rmSync(staging, { recursive: true, force: true })
}
