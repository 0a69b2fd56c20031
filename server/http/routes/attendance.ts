import { Router, type Request, type Response } from 'express'
import { z } from 'zod'
import { authorize, roomTarget } from '../../auth/permissions.js'
import { attendanceCsv, attendanceReport, isTimeZone, runView } from '../../attendance/report.js'
import type { Clock } from '../../clock.js'
import type { AttendanceAnswer, MeetingRunsAnswer } from '../../contract/index.js'
import { AppError } from '../../errors.js'
import { loadRoomFor, type RoomContext } from '../../rooms/rooms.js'
import type { Principal } from '../../auth/principal.js'
import type { AttendanceRepo, Store } from '../../store/types.js'
import { localeOf, principalOf } from '../auth.js'
import { parseInput } from '../validate.js'

const roomParams = z.object({ roomId: z.string().min(1).max(64) })
const runParams = z.object({ runId: z.string().min(1).max(64) })

export const runsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  })
  .strict()

export const attendanceQuery = z
  .object({
    format: z.enum(['json', 'csv']).optional(),
    tz: z
      .string()
      .max(64)
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris')
      .optional()
      .describe('time zone of the CSV times (default UTC)'),
  })
  .strict()

export interface AttendanceRouterDeps {
  store: Store
  attendance: AttendanceRepo
  clock: Clock
}

function requireModerator(principal: Principal, ctx: RoomContext): void {
  authorize(principal, 'room.moderate', roomTarget(ctx.room, ctx.rules))
}

/**
 * Who attended a room's meetings (room moderators and space managers; others `403 not_a_moderator`):
 * `GET /rooms/:roomId/runs` (the room's meetings, newest first) and `GET /runs/:runId/attendance`
 * (`?format=csv` for spreadsheets, `&tz=` for the times; `404 run_not_found`).
 */
export function attendanceRouter(deps: AttendanceRouterDeps): Router {
  const router = Router({ caseSensitive: true })
  const { store, attendance, clock } = deps

  // GET /api/v1/rooms/:roomId/runs
  router.get('/rooms/:roomId/runs', async (req, res) => {
    const { roomId } = parseInput(roomParams, req.params, 'params')
    const query = parseInput(runsQuery, req.query, 'query')
    const principal = principalOf(res)
    const ctx = await loadRoomFor(store, principal, roomId)
    requireModerator(principal, ctx)
    const page = await attendance.listRuns(ctx.room.id, query)
    res.json({ runs: page.runs.map(runView), total: page.total, limit: query.limit ?? 50, offset: query.offset ?? 0 } satisfies MeetingRunsAnswer)
  })

  // GET /api/v1/runs/:runId/attendance
  router.get('/runs/:runId/attendance', async (req: Request, res: Response) => {
    const { runId } = parseInput(runParams, req.params, 'params')
    const query = parseInput(attendanceQuery, req.query, 'query')
    const principal = principalOf(res)
    const run = await attendance.getRun(runId)
    if (!run) throw new AppError('run_not_found', 'No meeting with this id.', { details: { runId } })
    const ctx = await loadRoomFor(store, principal, run.roomId)
    requireModerator(principal, ctx)
    const [sessions, stats] = await Promise.all([attendance.listSessions(run.id), attendance.listStats(run.id)])
    const report = attendanceReport(run, { id: ctx.room.id, name: ctx.room.name }, sessions, stats, clock.now())
    if (query.format === 'csv') {
      const day = new Date(run.startedAt).toISOString().slice(0, 10)
      res.setHeader('Content-Type', 'text/csv; charset=utf-8')
      res.setHeader('Content-Disposition', `attachment; filename="attendance-${ctx.room.id}-${day}.csv"`)
      res.setHeader('Cache-Control', 'no-store')
      res.send(attendanceCsv(report, localeOf(req, res), query.tz ?? 'UTC'))
      return
    }
    res.setHeader('Cache-Control', 'no-store')
    res.json(report satisfies AttendanceAnswer)
  })

  return router
}
