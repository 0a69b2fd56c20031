import { execFileSync } from 'node:child_process'

/** Builds the widget once before the suite: the browser tests load the built bundle, as hosts do. */
export default function setup(): void {
  const root = new URL('../..', import.meta.url).pathname
  execFileSync(process.execPath, ['widget/build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  execFileSync(process.execPath, ['widget/link/build.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
}
