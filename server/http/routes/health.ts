import { Router } from 'express'
import { toBbbFailure } from '../../bbb-failures.js'
import type { HealthAnswer } from '../../contract/index.js'
import type { StatusSource } from '../../status/meeting-status.js'
import type { Store } from '../../store/types.js'

/** `GET /healthz`: 200 when the store and BBB answer, else 503 `degraded` saying which one does not. */
export function healthRouter(deps: { store: Store; status: Pick<StatusSource, 'getMany'> }): Router {
  const router = Router({ caseSensitive: true })
  router.get('/healthz', async (_req, res) => {
    const [storeOk, bbbState] = await Promise.all([
      deps.store.ping().then(
        () => 'ok' as const,
        () => 'error' as const,
      ),
      deps.status.getMany([]).then(
        () => 'ok' as const,
        (err: unknown) => (toBbbFailure(err).details?.reason === 'secret_rejected' ? ('secret_rejected' as const) : ('unreachable' as const)),
      ),
    ])
    const ok = storeOk === 'ok' && bbbState === 'ok'
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', store: storeOk, bbb: bbbState } satisfies HealthAnswer)
  })
  return router
}
