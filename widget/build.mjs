// Builds the widget with Vite: the standalone script (Preact's React compatibility layer bundled in place of React),
// the standalone scripts it loads on demand (admin console, scheduled meetings, room dialog: the same, each with its
// own Preact), and the ESM entry for React hosts (React stays external, a peer dependency of bbb-spaces-widget).
// Prints the gzipped sizes; copies the ESM entry into the widget package (widget/dist/esm). Usage: node widget/build.mjs
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { build } from 'vite'

// The JSX transform picks its development runtime unless this is set before Vite loads its config.
process.env.NODE_ENV = 'production'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = `${root}dist/widget`
// Each build goes to a fresh directory and its file is renamed into place: a running service (or a test in
// another process) never sees the bundle missing or half written.
mkdirSync(out, { recursive: true })
const staging = mkdtempSync(`${out}/.build-`)

function fingerprint() {
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim()
  } catch {
    // Not a git checkout (a package tarball): the date still tells builds apart.
  }
  return `${commit}@${new Date().toISOString().slice(0, 10)}`
}

const common = {
  configFile: false,
  root,
  logLevel: 'warn',
  mode: 'production',
  plugins: [react()],
  define: { 'process.env.NODE_ENV': '"production"', __BBB_SPACES_BUILD__: JSON.stringify(fingerprint()) },
}

// The standalone script only: React's entry points resolve to Preact's compatibility layer (same API, a tenth of
// the size). Exact names only, so that `react-dom/client` does not fall through to `preact/compat/client` by prefix.
export const PREACT_ALIASES = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-runtime' },
]

// The main script's scheduled meetings and room dialog are loaders of bbb-spaces-schedule.js and bbb-spaces-room.js
// (built below) instead of the components.
const SIBLING_LOADERS = [
  { find: /^\.\/ScheduledMeetings\.js$/, replacement: `${root}widget/components/ScheduledMeetings.standalone.tsx` },
  { find: /^\.\/RoomDialog\.js$/, replacement: `${root}widget/components/RoomDialog.standalone.tsx` },
]

/** One standalone script (an IIFE on Preact's compatibility layer), built alone and moved into v1/. */
async function standalone(entry, globalName, fileName, aliases = PREACT_ALIASES) {
  const dir = `${staging}/${fileName}.d`
  await build({
    ...common,
    resolve: { alias: aliases },
    build: {
      outDir: dir,
      emptyOutDir: true,
      minify: true,
      sourcemap: false,
      target: 'es2022',
      lib: { entry: `${root}widget/${entry}`, formats: ['iife'], name: globalName, fileName: () => fileName },
    },
  })
  mkdirSync(`${staging}/v1`, { recursive: true })
  renameSync(`${dir}/${fileName}`, `${staging}/v1/${fileName}`)
  rmSync(dir, { recursive: true, force: true })
}

await standalone('main.tsx', 'BbbSpacesBundle', 'bbb-spaces.js', [...PREACT_ALIASES, ...SIBLING_LOADERS])
// The admin console, for the few pages that show it: the main script loads it from beside itself when an admin
// view mounts (widget/admin.tsx). Its own Preact, so it needs nothing from the main script but what it is handed.
await standalone('admin.tsx', 'BbbSpacesAdminBundle', 'bbb-spaces-admin.js')
// Scheduled meetings (each room's list and the schedule, cancel and invitations dialogs), for the pages where a room
// has meetings or someone opens "Schedule…": the main script loads it from beside itself (widget/schedule.tsx).
await standalone('schedule.tsx', 'BbbSpacesScheduleBundle', 'bbb-spaces-schedule.js')
// The room dialog ("New room", "Room settings"), which only managers open: the main script loads it from beside
// itself the first time one does (widget/room.tsx).
await standalone('room.tsx', 'BbbSpacesRoomBundle', 'bbb-spaces-room.js')

await build({
  ...common,
  build: {
    outDir: `${staging}/esm`,
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    target: 'es2022',
    lib: {
      entry: `${root}widget/react.ts`,
      formats: ['es'],
      fileName: () => 'bbb-spaces-react.js',
    },
    rolldownOptions: {
      external: [/^react($|\/)/, /^react-dom($|\/)/],
      // Lazy parts import what they share with the entry from the entry itself (what only lazy parts share, such as
      // the dialog frame, is a small chunk of its own).
      preserveEntrySignatures: 'allow-extension',
      // Vite keeps whitespace in ES libraries; this entry is meant to be used as is, so minify it fully.
      output: { minify: true, chunkFileNames: 'bbb-spaces-[name]-[hash].js' },
    },
  },
})

// Lazy chunks first, so the entry that imports them never lands before them; then stale chunks go.
const chunks = readdirSync(`${staging}/esm`).filter((f) => f !== 'bbb-spaces-react.js')
// The admin, schedule and room scripts before the main one, which loads them.
const SIBLINGS = ['v1/bbb-spaces-admin.js', 'v1/bbb-spaces-schedule.js', 'v1/bbb-spaces-room.js']
for (const file of [...chunks.map((f) => `esm/${f}`), ...SIBLINGS, 'v1/bbb-spaces.js', 'esm/bbb-spaces-react.js']) {
  mkdirSync(`${out}/${file.split('/')[0]}`, { recursive: true })
  renameSync(`${staging}/${file}`, `${out}/${file}`)
}
for (const f of readdirSync(`${out}/esm`)) if (f !== 'bbb-spaces-react.js' && !chunks.includes(f)) rmSync(`${out}/esm/${f}`)
rmSync(staging, { recursive: true, force: true })
// The widget package (widget/package.json, `bbb-spaces-widget`) ships the same ESM files from its own folder.
const packageEsm = `${root}widget/dist/esm`
cpSync(`${out}/esm`, `${packageEsm}.${process.pid}`, { recursive: true })
rmSync(packageEsm, { recursive: true, force: true })
renameSync(`${packageEsm}.${process.pid}`, packageEsm)

// The same budgets as tests/widget/builds.test.ts.
const BUDGETS = { 'v1/bbb-spaces.js': 33 * 1024, 'v1/bbb-spaces-admin.js': 40 * 1024, 'v1/bbb-spaces-schedule.js': 25 * 1024, 'v1/bbb-spaces-room.js': 25 * 1024, 'esm/bbb-spaces-react.js': 15 * 1024 }
for (const [file, budget] of Object.entries(BUDGETS)) {
  const bytes = readFileSync(`${out}/${file}`)
  const gz = gzipSync(bytes, { level: 9 }).length
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`
  console.log(`dist/widget/${file}: ${kb(bytes.length)} minified, ${kb(gz)} gzipped (budget ${kb(budget)})`)
}
for (const f of chunks) {
  const gz = gzipSync(readFileSync(`${out}/esm/${f}`), { level: 9 }).length
  console.log(`dist/widget/esm/${f}: ${(gz / 1024).toFixed(1)} KB gzipped, loaded when first needed`)
}
