import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as callbacks from '../../server/bbb/callbacks.js'
import * as calls from '../../server/bbb/calls.js'
import * as checksum from '../../server/bbb/checksum.js'
import * as client from '../../server/bbb/client.js'
import * as errors from '../../server/bbb/errors.js'
import * as bbb from '../../server/bbb/index.js'
import * as query from '../../server/bbb/query.js'
import * as resilient from '../../server/bbb/resilient.js'
import { startDevBbb, type RunningDevBbb } from '../../server/dev-bbb/index.js'

// The BBB client is meant to be liftable as a library: a user imports it from its index and nowhere else.

const DIR = new URL('../../server/bbb/', import.meta.url).pathname
const SECRET = 'index-test-secret-5b1e0c9a7d2f'
const PACKAGES = new Set(['jose', 'xml2js'])

let dev: RunningDevBbb

beforeAll(async () => {
  dev = await startDevBbb({ secret: SECRET })
})

afterAll(async () => {
  await dev?.close()
})

describe('the BBB client as a library', () => {
  it('imports nothing from the rest of the service: only its own files, Node built-ins, jose and xml2js', () => {
    const outside: string[] = []
    for (const file of readdirSync(DIR).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(`${DIR}${file}`, 'utf8')
      for (const [, spec] of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g)) {
        const ok = /^\.\/[\w-]+\.js$/.test(spec!) || spec!.startsWith('node:') || builtinModules.includes(spec!) || PACKAGES.has(spec!)
        if (!ok) outside.push(`${file}: ${spec}`)
      }
    }
    expect(outside).toEqual([])
  })

  it('exports from its index every function and class of the client, resilience wrapper and callbacks', () => {
    const modules = { client, resilient, checksum, query, errors, callbacks, calls }
    const missing: string[] = []
    for (const [name, mod] of Object.entries(modules)) {
      for (const key of Object.keys(mod)) if (!(key in bbb)) missing.push(`${name}.${key}`)
    }
    expect(missing).toEqual([])
    expect(typeof bbb.createResilientBbbClient).toBe('function')
    expect(typeof bbb.parseXml).toBe('function')
  })

  it('signs and calls the development BBB through the index alone, wrapped in the resilience layer', async () => {
    const events: string[] = []
    const client = bbb.createResilientBbbClient(bbb.createBbbClient({ endpoint: dev.url, secret: SECRET, algorithm: 'sha512' }), {
      onCall: (e) => events.push(`${e.call}:${e.outcome}`),
    })
    const created = await client.create({ meetingID: 'lib-meeting', name: 'Library meeting' })
    expect(created.meetingID).toBe('lib-meeting')
    expect(events).toContain('create:ok')

    // The join URL carries the checksum the index's `checksum` computes over exactly the query it sends.
    const url = client.urls.join({ meetingID: 'lib-meeting', fullName: 'Ada', role: 'MODERATOR' })
    const { query, checksum: sum } = bbb.splitChecksum(new URL(url).search.slice(1))
    expect(bbb.algorithmForChecksum(sum!)).toBe('sha512')
    expect(sum).toBe(bbb.checksum('join', query, SECRET, 'sha512'))

    const info = await client.getMeetingInfo({ meetingID: 'lib-meeting' })
    expect(info.meetingName).toBe('Library meeting')
    expect(client.circuit()).toBe('closed')
  })

  it('throws BbbApiError checksumError for a wrong secret, and opens the circuit on a dead BBB', async () => {
    const wrong = bbb.createBbbClient({ endpoint: dev.url, secret: 'not-the-secret-0000' })
    const err = await wrong.getMeetings().catch((e: unknown) => e)
    expect(bbb.isBbbApiError(err)).toBe(true)
    expect((err as InstanceType<typeof bbb.BbbApiError>).code).toBe('checksumError')

    const dead = bbb.createResilientBbbClient(bbb.createBbbClient({ endpoint: 'http://127.0.0.1:9/bigbluebutton/', secret: SECRET, timeoutMs: 2000 }), {
      retries: 0,
      failureThreshold: 1,
    })
    const down = await dead.getMeetings().catch((e: unknown) => e)
    expect(bbb.isBbbUnavailableError(down)).toBe(true)
    expect(dead.circuit()).toBe('open')
  })
})
