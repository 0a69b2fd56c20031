import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBbbClient } from '../../server/bbb/client.js'
import { isBbbUnavailableError, type BbbUnavailableError } from '../../server/bbb/errors.js'

const SECRET = 'test-secret-7f3a9c2e51d04b8a'
let server: Server
let base: string
/** Bytes sent by the fake BBB for the current huge answer (it stops once the client hangs up). */
let sent = 0

beforeAll(async () => {
  // A BBB whose getMeetings is an endless stream of meetings, and whose version answer is small.
  server = createServer((req, res) => {
    res.setHeader('content-type', 'text/xml')
    if (!req.url?.includes('getMeetings')) {
      res.end('<response><returncode>SUCCESS</returncode><version>2.0</version><apiVersion>2.0</apiVersion></response>')
      return
    }
    sent = 0
    res.write('<response><returncode>SUCCESS</returncode><meetings>')
    const chunk = '<meeting><meetingID>m</meetingID><meetingName>x</meetingName></meeting>'.repeat(1000)
    const pump = () => {
      while (sent < 300 * 1024 * 1024) {
        sent += chunk.length
        if (!res.write(chunk)) {
          res.once('drain', pump)
          return
        }
      }
      res.end('</meetings></response>')
    }
    res.on('close', () => res.removeAllListeners('drain'))
    pump()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bigbluebutton/`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

describe('BBB answer size', () => {
  it('stops reading an answer past the cap and fails the call as a BBB error, without holding the answer', async () => {
    const client = createBbbClient({ endpoint: base, secret: SECRET, maxAnswerBytes: 1024 * 1024 })
    const err = await client.getMeetings().then(() => null, (e: unknown) => e)
    expect(isBbbUnavailableError(err)).toBe(true)
    expect((err as BbbUnavailableError).reason).toBe('too_large')
    expect(String((err as Error).message)).toMatch(/larger than 1048576 bytes/)
    // The client hung up long before the 300 MB were sent.
    expect(sent).toBeLessThan(50 * 1024 * 1024)
  }, 20_000)

  it('still reads answers below the cap', async () => {
    const client = createBbbClient({ endpoint: base, secret: SECRET, maxAnswerBytes: 1024 * 1024 })
    expect((await client.apiVersion()).version).toBe('2.0')
  })
})
