import { Router } from 'express'
import { z } from 'zod'
import { requireMember } from '../../auth/permissions.js'
import { effectiveLimits } from '../../rooms/rooms.js'
import type { Store } from '../../store/types.js'
import { myLimits } from '../../limits/capabilities.js'
import { principalOf } from '../auth.js'
import { parseInput } from '../validate.js'
import { SPACE_ID } from '../params.js'
import type { MyLimits } from '../../contract/index.js'

export const meLimitsQuery = z.object({ spaceId: SPACE_ID }).strict()

/** `GET /api/v1/me/limits?spaceId=…`: the caller's effective limits, policies and allowed actions in a space. */
export function meRouter(deps: { store: Store }): Router {
  const router = Router({ caseSensitive: true })
  const { store } = deps

  router.get('/me/limits', async (req, res) => {
    const { spaceId } = parseInput(meLimitsQuery, req.query, 'query')
    const principal = principalOf(res)
    const role = requireMember(principal, spaceId)
    const [limits, runs] = await Promise.all([effectiveLimits(store, spaceId), store.listOpenRuns(spaceId)])
    res.json(myLimits(spaceId, role, principal.external, limits, runs.length) satisfies MyLimits)
  })

  return router
}
