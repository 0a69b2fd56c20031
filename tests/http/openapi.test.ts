import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import type * as contract from '../../server/contract/index.js'
import { HTTP_STATUS } from '../../server/errors.js'
import type * as answers from '../../server/http/openapi/answers.js'
import { openApiPath } from '../../server/http/openapi/document.js'
import { addDocumentUrlBody } from '../../server/http/routes/documents.js'
import { startTestService, type TestService } from '../helpers/service.js'

type Json = Record<string, unknown>
type Layer = { route?: { path: string; methods: Record<string, boolean> }; rawPath?: string; handle: { stack?: Layer[] } }

/** `METHOD /path` of every route in an Express router stack, sub-routers followed with their mount paths. */
function mountedRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${prefix}${layer.route!.path}`)
    if (layer.handle.stack) return mountedRoutes(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''))
    return []
  })
}

const DOC_FILE = new URL('../../docs/openapi.json', import.meta.url)

let service: TestService
let served: Response
let doc: Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json>; securitySchemes: Json } }

beforeAll(async () => {
  service = await startTestService()
  served = await fetch(`${service.url}/api/v1/openapi.json`)
  doc = (await served.clone().json()) as typeof doc
})

afterAll(async () => {
  await service?.close()
})

describe('GET /api/v1/openapi.json', () => {
  it('is public: served without a token, as JSON', () => {
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('is a valid OpenAPI 3.1 document (checked by an OpenAPI schema validator)', async () => {
    const validator = new Validator()
    const result = await validator.validate(doc)
    expect(result.errors).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('lists every route the service mounts, and only those (the development BBB server and mailbox aside)', () => {
    const app = service.service.server.listeners('request').find((l) => 'router' in l) as unknown as { router: { stack: Layer[] } }
    const mounted = mountedRoutes(app.router.stack)
      .filter((r) => !r.split(' ')[1]!.startsWith('/bigbluebutton') && !r.split(' ')[1]!.startsWith('/dev/'))
      .map((r) => {
        const [method, path] = r.split(' ')
        return `${method} ${openApiPath(path!)}`
      })
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    expect(mounted.length).toBeGreaterThan(40)
    expect([...new Set(mounted)].sort()).toEqual(documented.sort())
  })

  it('equals docs/openapi.json, the copy `npm run build` writes', async () => {
    const committed = readFileSync(DOC_FILE, 'utf8')
    expect(await served.clone().text()).toBe(committed)
  })

  it('describes the error envelope with every error code, and the bearer scheme on token routes', () => {
    const schemas = doc.components.schemas
    expect((schemas.ErrorCode as { enum: string[] }).enum.sort()).toEqual(Object.keys(HTTP_STATUS).sort())
    const error = schemas.Error as { properties: { error: { properties: Json; required: string[] } } }
    expect(Object.keys(error.properties.error.properties).sort()).toEqual(['code', 'details', 'message'])
    expect(error.properties.error.properties.code).toEqual({ $ref: '#/components/schemas/ErrorCode' })
    expect(error.properties.error.required.sort()).toEqual(['code', 'message'])
    expect(doc.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) })
    expect(doc.paths['/api/v1/spaces/{spaceId}/rooms']!.get!.security).toEqual([{ bearer: [] }])
    expect(doc.paths['/api/v1/openapi.json']!.get!.security).toEqual([])
    const roomJoin = doc.paths['/api/v1/rooms/{roomId}/join']!.post!.responses as Record<string, { description: string }>
    expect(roomJoin['409']!.description).toContain('room_full')
    expect(roomJoin['401']!.description).toContain('invalid_token')
  })

  it('gives request bodies from the routes’ own schemas, and every $ref resolves', () => {
    const createRoom = doc.paths['/api/v1/spaces/{spaceId}/rooms']!.post!.requestBody as Json
    expect(createRoom).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateRoomBody' } } } })
    const body = doc.components.schemas.CreateRoomBody as { required: string[]; additionalProperties: boolean; properties: { name: { maxLength: number } } }
    expect(body.required).toEqual(['name'])
    expect(body.additionalProperties).toBe(false)
    expect(body.properties.name.maxLength).toBe(100)
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? []
    for (const ref of new Set(refs)) {
      const name = /#\/components\/schemas\/([\w]+)/.exec(ref)?.[1]
      expect(name && doc.components.schemas[name], ref).toBeTruthy()
    }
  })

  it('describes answers the service really gives: each validates against the document’s schema for it', async () => {
    // A JSON Schema 2020-12 validator in strict mode: every component schema must compile, and real answers
    // (success and error) must match the schema the document gives for that route and status.
    const ajv = new Ajv2020({ strict: true, validateFormats: false })
    // The components live in one resource, so their `#/components/schemas/…` references resolve among them.
    ajv.addKeyword({ keyword: 'components' })
    ajv.addSchema({ $id: 'openapi', components: { schemas: doc.components.schemas } })
    for (const name of Object.keys(doc.components.schemas)) expect(ajv.getSchema(`openapi#/components/schemas/${name}`), name).toBeTypeOf('function')
    const token = await service.mintToken({ sub: 'openapi-manager', spaces: { 'openapi-space': 'manager' }, admin: true })
    const check = async (method: string, path: string, template: string, body?: unknown) => {
      const res = await fetch(`${service.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const answer = (await res.json()) as Record<string, unknown>
      const responses = doc.paths[template]![method.toLowerCase()]!.responses as Record<string, { content: Record<string, { schema: { $ref: string } }> }>
      const ref = responses[String(res.status)]?.content['application/json']?.schema.$ref
      expect(ref, `${method} ${path} answered ${res.status}, not in the document`).toBeDefined()
      const validate = ajv.getSchema(`openapi${ref!}`)!
      expect(validate(answer) ? [] : JSON.stringify(validate.errors), `${method} ${path} → ${res.status}`).toEqual([])
      return answer
    }
    const created = (await check('POST', '/api/v1/spaces/openapi-space/rooms', '/api/v1/spaces/{spaceId}/rooms', { name: 'Doc room' })) as { room: { id: string } }
    const room = created.room.id
    await check('GET', '/api/v1/spaces/openapi-space/rooms', '/api/v1/spaces/{spaceId}/rooms')
    await check('POST', `/api/v1/rooms/${room}/join`, '/api/v1/rooms/{roomId}/join')
    await check('GET', `/api/v1/rooms/${room}`, '/api/v1/rooms/{roomId}')
    await check('POST', `/api/v1/rooms/${room}/meetings`, '/api/v1/rooms/{roomId}/meetings', { title: 'Planning', start: '2030-01-07T09:00:00+01:00' })
    await check('GET', '/api/v1/me/limits?spaceId=openapi-space', '/api/v1/me/limits')
    await check('GET', '/api/v1/admin/limits', '/api/v1/admin/limits')
    await check('GET', '/api/v1/admin/spaces/openapi-space/limits', '/api/v1/admin/spaces/{spaceId}/limits')
    await check('GET', '/api/v1/admin/usage', '/api/v1/admin/usage')
    await check('GET', '/api/v1/admin/audit', '/api/v1/admin/audit')
    await check('GET', '/api/v1/admin/usage/history', '/api/v1/admin/usage/history')
    await check('GET', '/api/v1/spaces/openapi-space/audit', '/api/v1/spaces/{spaceId}/audit')
    await check('POST', '/api/v1/events/tickets', '/api/v1/events/tickets')
    await check('GET', '/healthz', '/healthz')
    await check('GET', `/r/${room}/status.json`, '/r/{roomId}/status.json')
    await check('GET', `/api/v1/rooms/${room}/documents`, '/api/v1/rooms/{roomId}/documents')
    const added = await check('POST', `/api/v1/rooms/${room}/documents`, '/api/v1/rooms/{roomId}/documents', { url: 'https://platform.example/deck.pdf' })
    expect(added.document).toMatchObject({ filename: 'deck.pdf', source: 'url' })
    await check('POST', `/api/v1/rooms/${room}/documents`, '/api/v1/rooms/{roomId}/documents', { url: 'https://platform.example/virus.exe' })
    expect((await check('GET', '/documents/nope?expires=1&signature=x', '/documents/{documentId}')).error).toMatchObject({ code: 'invalid_document_link' })
    expect((await check('GET', '/api/v1/rooms/no-such-room', '/api/v1/rooms/{roomId}')).error).toMatchObject({ code: 'room_not_found' })
    expect((await check('POST', `/api/v1/rooms/${room}/end`, '/api/v1/rooms/{roomId}/end')).ended).toBe(true)
    const invalid = await check('POST', '/api/v1/spaces/openapi-space/rooms', '/api/v1/spaces/{spaceId}/rooms', { name: '' })
    expect(invalid.error).toMatchObject({ code: 'invalid_request' })
  })
})

describe('the answer schemas', () => {
  it('have exactly the contract’s types (checked by the compiler)', () => {
    expectTypeOf<z.output<typeof answers.roomsAnswer>>().branded.toEqualTypeOf<contract.RoomsAnswer>()
    expectTypeOf<z.output<typeof answers.meetingRunsAnswer>>().branded.toEqualTypeOf<contract.MeetingRunsAnswer>()
    expectTypeOf<z.output<typeof answers.analyticsCallbackAnswer>>().branded.toEqualTypeOf<contract.AnalyticsCallbackAnswer>()
    expectTypeOf<z.output<typeof answers.attendanceAnswer>>().branded.toEqualTypeOf<contract.AttendanceAnswer>()
    expectTypeOf<z.output<typeof answers.roomAnswer>>().branded.toEqualTypeOf<contract.RoomAnswer>()
    expectTypeOf<z.output<typeof answers.joinAnswer>>().branded.toEqualTypeOf<contract.JoinAnswer>()
    expectTypeOf<z.output<typeof answers.endAnswer>>().branded.toEqualTypeOf<contract.EndAnswer>()
    expectTypeOf<z.output<typeof answers.adminLimits>>().branded.toEqualTypeOf<contract.AdminLimits>()
    expectTypeOf<z.output<typeof answers.spaceLimitsAnswer>>().branded.toEqualTypeOf<contract.SpaceLimitsAnswer>()
    expectTypeOf<z.output<typeof answers.adminUsage>>().branded.toEqualTypeOf<contract.AdminUsage>()
    expectTypeOf<z.output<typeof answers.usageHistoryAnswer>>().branded.toEqualTypeOf<contract.UsageHistoryAnswer>()
    expectTypeOf<z.output<typeof answers.capacitySettings>>().branded.toEqualTypeOf<contract.CapacitySettings>()
    expectTypeOf<z.output<typeof answers.retentionSettings>>().branded.toEqualTypeOf<contract.RetentionSettings>()
    expectTypeOf<z.output<typeof answers.spaceRetention>>().branded.toEqualTypeOf<contract.SpaceRetention>()
    expectTypeOf<z.output<typeof answers.userDataExport>>().branded.toEqualTypeOf<contract.UserDataExport>()
    expectTypeOf<z.output<typeof answers.userDataErasure>>().branded.toEqualTypeOf<contract.UserDataErasure>()
    expectTypeOf<z.output<typeof answers.purgeCounts>>().branded.toEqualTypeOf<contract.PurgeCounts>()
    expectTypeOf<z.output<typeof answers.myLimits>>().branded.toEqualTypeOf<contract.MyLimits>()
    expectTypeOf<z.output<typeof answers.presetsAnswer>>().branded.toEqualTypeOf<contract.PresetsAnswer>()
    expectTypeOf<z.output<typeof answers.presetAnswer>>().branded.toEqualTypeOf<contract.PresetAnswer>()
    expectTypeOf<z.output<typeof answers.spaceBrandingAnswer>>().branded.toEqualTypeOf<contract.SpaceBrandingAnswer>()
    expectTypeOf<z.output<typeof answers.auditPage>>().branded.toEqualTypeOf<contract.AuditPage>()
    expectTypeOf<z.output<typeof answers.adminAuditPage>>().branded.toEqualTypeOf<contract.AdminAuditPage>()
    expectTypeOf<z.output<typeof answers.recordingsAnswer>>().branded.toEqualTypeOf<contract.RecordingsAnswer>()
    expectTypeOf<z.output<typeof answers.recordingAnswer>>().branded.toEqualTypeOf<contract.RecordingAnswer>()
    expectTypeOf<z.output<typeof answers.documentsAnswer>>().branded.toEqualTypeOf<contract.DocumentsAnswer>()
    expectTypeOf<z.output<typeof answers.documentAnswer>>().branded.toEqualTypeOf<contract.DocumentAnswer>()
    expectTypeOf<z.output<typeof addDocumentUrlBody>>().branded.toEqualTypeOf<contract.AddDocumentUrlBody>()
    expectTypeOf<z.output<typeof answers.scheduledMeetingAnswer>>().branded.toEqualTypeOf<contract.ScheduledMeetingAnswer>()
    expectTypeOf<z.output<typeof answers.scheduledMeetingsAnswer>>().branded.toEqualTypeOf<contract.ScheduledMeetingsAnswer>()
    expectTypeOf<z.output<typeof answers.calendarKeyAnswer>>().branded.toEqualTypeOf<contract.CalendarKeyAnswer>()
    expectTypeOf<z.output<typeof answers.meetingDeliveriesAnswer>>().branded.toEqualTypeOf<contract.MeetingDeliveriesAnswer>()
    expectTypeOf<z.output<typeof answers.roomLinkStatus>>().branded.toEqualTypeOf<contract.RoomLinkStatus>()
    expectTypeOf<z.output<typeof answers.spaceBranding>>().branded.toEqualTypeOf<contract.SpaceBranding>()
    expectTypeOf<z.output<typeof answers.linkInvitation>>().branded.toEqualTypeOf<contract.LinkInvitation>()
    expectTypeOf<z.output<typeof answers.eventsTicket>>().branded.toEqualTypeOf<contract.EventsTicket>()
    expectTypeOf<z.output<typeof answers.healthAnswer>>().branded.toEqualTypeOf<contract.HealthAnswer>()
    expectTypeOf<z.output<typeof answers.errorBody>>().branded.toEqualTypeOf<contract.ErrorBody>()
  })
})
