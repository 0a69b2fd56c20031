// Builds the room-link page's script: dist/widget/link/room-link.js (one ES module, React included).
// Run it with `node widget/link/build.mjs`; `npm run build:widget` chains it.
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import react from '@vitejs/plugin-react'

// Vite picks the production JSX runtime from NODE_ENV, not from `mode`.
process.env.NODE_ENV = 'production'

const root = fileURLToPath(new URL('../..', import.meta.url))

await build({
  configFile: false,
  mode: 'production',
  root,
  logLevel: 'warn',
  plugins: [react()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist/widget/link',
    emptyOutDir: true,
    sourcemap: false,
    minify: true,
    lib: {
      entry: 'widget/link/main.tsx',
      formats: ['es'],
      fileName: () => 'room-link.js',
    },
  },
})
