import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { Router } from 'express'
import { PACKAGE_ROOT } from '../../paths.js'

const DEFAULT_DIST = join(PACKAGE_ROOT, 'dist', 'widget')

/** `/widget/v1/` is a moving major version: caches revalidate every few minutes so fixes reach host pages. */
const V1_MAX_AGE_SECONDS = 300

/**
 * Serves the built widget: the standalone script at `/widget/v1/bbb-spaces.js` (Preact bundled), the admin console,
 * scheduled meetings and room dialog it loads on demand from beside it (`/widget/v1/bbb-spaces-admin.js`,
 * `/widget/v1/bbb-spaces-schedule.js`, `/widget/v1/bbb-spaces-room.js`: the whole folder is served), and the ESM
 * entry under `/widget/esm/`. Built by `npm run build:widget` into `dist/widget` (default `distDir`).
 * Missing files fall through to the app's `404 route_not_found`.
 */
export function widgetAssetsRouter(deps: { distDir?: string } = {}): Router {
  const distDir = deps.distDir ?? DEFAULT_DIST
  const router = Router({ caseSensitive: true })
  const options = (maxAge: number) => ({
    index: false as const,
    dotfiles: 'ignore' as const,
    etag: true,
    lastModified: true,
    fallthrough: true,
    setHeaders(res: express.Response, path: string) {
      res.setHeader('Cache-Control', `public, max-age=${maxAge}, stale-while-revalidate=86400`)
      if (path.endsWith('.js')) res.setHeader('Content-Type', 'text/javascript; charset=utf-8')
    },
  })
  router.use('/widget/v1', express.static(`${distDir}/v1`, options(V1_MAX_AGE_SECONDS)))
  router.use('/widget/esm', express.static(`${distDir}/esm`, options(V1_MAX_AGE_SECONDS)))
  return router
}

/** True when the standalone bundle has been built (the banner warns otherwise). */
export function widgetBuilt(distDir: string = DEFAULT_DIST): boolean {
  return existsSync(`${distDir}/v1/bbb-spaces.js`)
}
