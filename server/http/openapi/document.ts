import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { HTTP_STATUS, type ErrorCode } from '../../errors.js'
import { PACKAGE_ROOT } from '../../paths.js'
import { errorBody, SHARED_ANSWER_PARTS } from './answers.js'
import { PARAMS, ROUTES, type Route } from './routes.js'

type Json = Record<string, unknown>

/** Codes any route can answer with, whatever it does. */
const EVERY_ROUTE: ErrorCode[] = ['rate_limited', 'internal_error']
const ERROR_REF = { $ref: '#/components/schemas/Error' }

/** Schemas that become named components, request side and answer side. */
interface Named {
  input: Map<string, z.ZodType>
  output: Map<string, z.ZodType>
}

/**
 * Named zod schemas as components: one registry per side, so a schema used inside another (a RoomView in a
 * RoomsAnswer) becomes a `$ref` to its component instead of a copy.
 */
function components(named: Map<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>()
  for (const [id, schema] of named) {
    if (registry.has(schema) && registry.get(schema)!.id !== id) throw new Error(`openapi: one schema named ${registry.get(schema)!.id} and ${id}`)
    registry.add(schema, { id })
  }
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, unrepresentable: 'throw', uri: (id) => `#/components/schemas/${id}` })
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as Json
      return [id, rest]
    }),
  )
}

/** A zod schema as a JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1), request or answer side. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'throw' }) as Json
  return rest
}

/** `/r/:roomId` → `/r/{roomId}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}')
}

function parameters(route: Route): Json[] {
  const list: Json[] = []
  for (const [, name] of route.path.matchAll(/:(\w+)/g)) {
    const schema = PARAMS[name]
    if (!schema) throw new Error(`openapi: no schema for path parameter :${name} (${route.path})`)
    list.push({ name, in: 'path', required: true, schema: jsonSchema(schema, 'input') })
  }
  if (route.query) {
    const query = jsonSchema(route.query, 'input') as { properties?: Record<string, Json>; required?: string[] }
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      const { description, ...rest } = schema
      list.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) })
    }
  }
  for (const [name, description] of Object.entries(route.looseQuery ?? {})) {
    list.push({ name, in: 'query', required: false, description, schema: { type: 'string' } })
  }
  return list
}

function errorResponses(route: Route): Json {
  const codes = new Set<ErrorCode>([...route.errors, ...EVERY_ROUTE])
  if (route.auth === 'bearer') codes.add('invalid_token')
  if (route.query || route.body || /:(spaceId)\b/.test(route.path)) codes.add('invalid_request')
  if (route.body) {
    for (const c of ['invalid_json', 'payload_too_large', 'unsupported_media_type'] as const) codes.add(c)
  }
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of codes) byStatus.set(HTTP_STATUS[code], [...(byStatus.get(HTTP_STATUS[code]) ?? []), code])
  const out: Json = {}
  for (const [status, list] of [...byStatus].sort((x, y) => x[0] - y[0])) {
    out[String(status)] = { description: `Error: ${list.sort().map((c) => `\`${c}\``).join(', ')}`, content: { 'application/json': { schema: ERROR_REF } } }
  }
  return out
}

function operation(route: Route, named: Named): Json {
  const op: Json = {
    operationId: `${route.method}${route.path.replace(/\{?:?(\w+)\}?/g, (_m, w: string) => w[0].toUpperCase() + w.slice(1)).replace(/[^A-Za-z0-9]/g, '')}`,
    tags: [route.tag],
    summary: route.summary,
    security: route.auth === 'bearer' ? [{ bearer: [] }] : [],
  }
  const params = parameters(route)
  if (params.length > 0) op.parameters = params
  if (route.body) {
    named.input.set(route.body.name, route.body.schema)
    const content: Json = { 'application/json': { schema: { $ref: `#/components/schemas/${route.body.name}` } } }
    if (route.body.orFile) {
      const file = { type: 'string', contentMediaType: 'application/octet-stream' }
      content['multipart/form-data'] = { schema: { type: 'object', properties: { [route.body.orFile]: file }, required: [route.body.orFile] } }
    }
    op.requestBody = { required: true, content }
  }
  const answer = route.answer
  const ok: Json = {}
  if ('json' in answer) {
    named.output.set(answer.name, answer.json)
    const content = { 'application/json': { schema: { $ref: `#/components/schemas/${answer.name}` } } }
    ok[String(answer.status)] = { description: answer.name, content }
    if (answer.alsoWith) ok[String(answer.alsoWith)] = { description: `${answer.name}, when degraded`, content }
  } else if ('text' in answer) {
    ok['200'] = { description: answer.about, content: { [answer.text]: { schema: { type: 'string' } } } }
  } else if (answer.status === 303) {
    ok['303'] = { description: `Redirect ${answer.about}`, headers: { Location: { schema: { type: 'string' } } } }
  } else {
    ok['204'] = { description: 'Done, no content' }
  }
  op.responses = { ...ok, ...errorResponses(route) }
  return op
}

const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version

/**
 * The OpenAPI 3.1 document of the service's HTTP API, built from the routes' zod schemas (requests) and the
 * answer schemas next to the route table. Deterministic: the same code gives the same document, so the copy
 * committed as docs/openapi.json can be compared with what the service serves.
 */
export function openApiDocument(): Json {
  const named: Named = { input: new Map(), output: new Map([['Error', errorBody], ...Object.entries(SHARED_ANSWER_PARTS)]) }
  const paths: Record<string, Json> = {}
  for (const route of ROUTES) {
    const path = openApiPath(route.path)
    paths[path] = { ...paths[path], [route.method]: operation(route, named) }
  }
  const schemas = { ...components(named.input, 'input'), ...components(named.output, 'output') }
  return {
    openapi: '3.1.0',
    info: {
      title: 'bbb-spaces',
      version: VERSION,
      summary: 'Start and join BigBlueButton meetings from the spaces of a collaboration platform.',
      description:
        'Every error answers `{ "error": { "code", "message", "details" } }` with a stable `code` (see `ErrorCode`). ' +
        'Routes marked `bearer` need `Authorization: Bearer <host token>`, a JWT the platform signs for its user.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    tags: [...new Set(ROUTES.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "The host platform's token for the current user." },
      },
      schemas: Object.fromEntries(Object.entries(schemas).sort(([x], [y]) => x.localeCompare(y))),
    },
  }
}
