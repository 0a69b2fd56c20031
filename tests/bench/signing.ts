import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { createBbbClient } from '../../server/bbb/index.js'
import { performance } from 'node:perf_hooks'
import { runningRoom, startBenchService } from './service.js'
import { fmt, median, ms, percent, perSecond, times, verdict, type Row } from './stats.js'

interface BigBlueButtonJs {
  api(host: string, salt: string): {
    administration: { join(fullName: string, meetingID: string, password: string, kwparams?: object): string }
  }
}

const ENDPOINT = 'https://bbb.example.org/bigbluebutton/'
const SECRET = '8cd8ef52e8e101574e400365b55e11a6'

/** Runs `fn` `n` times and returns calls per second; `sink` keeps the results alive so nothing is optimised away. */
function rate(fn: (i: number) => string, n: number): number {
  let sink = 0
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) sink += fn(i).length
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (sink === 0) throw new Error('nothing was built')
  return n / seconds
}

const SPACE = 'bench-signing'

/**
 * The time of one join as a user sees it: `count` joins one after another (a new member each, so a new identity
 * and a new seat), over HTTP to the real service on SQLite, into a running meeting. Tokens are minted beforehand.
 */
async function joinTimes(count: number): Promise<number[]> {
  const service = await startBenchService('sqlite')
  try {
    const { roomId } = await runningRoom(service, SPACE, 'Signing bench')
    const tokens = await Promise.all(
      Array.from({ length: count + 20 }, (_, i) => service.token({ sub: `signing-member-${i}`, spaces: { [SPACE]: 'member' } })),
    )
    const times: number[] = []
    for (const [i, token] of tokens.entries()) {
      const start = performance.now()
      const answer = await service.api<{ joinUrl?: string }>('POST', `/api/v1/rooms/${roomId}/join`, token)
      const elapsed = performance.now() - start
      if (typeof answer.joinUrl !== 'string') throw new Error('signing: a join answered without a URL')
      // The first joins warm the service up; they are not counted.
      if (i >= 20) times.push(elapsed)
    }
    return times
  } finally {
    await service.close()
  }
}

/**
 * Section 1: join URLs per second — our client (sha1, to match the peer) vs bigbluebutton-js building the same
 * join URL; and what one signed join URL costs against the time of a whole join (sequential joins, same run).
 * The join URL costs microseconds where a join takes milliseconds, so signing faster than that is not a target.
 */
export async function benchSigning(options: { rounds: number; iterations: number; joins: number }): Promise<Row[]> {
  const require = createRequire(import.meta.url)
  const peer = (require('bigbluebutton-js') as BigBlueButtonJs).api(ENDPOINT, SECRET).administration
  const ours = createBbbClient({ endpoint: ENDPOINT, secret: SECRET, algorithm: 'sha1' }).urls
  const params = (i: number) => ({
    fullName: `Ada Lovelace ${i % 100}`,
    meetingID: 'space-42-room-7f3a9c',
    password: 'ap',
    role: 'VIEWER' as const,
    userID: `user-${i % 100}`,
    createTime: 1_716_000_000_000,
  })

  const oursUrl = (i: number) => ours.join(params(i))
  const peerUrl = (i: number) => {
    const { fullName, meetingID, password, ...rest } = params(i)
    return peer.join(fullName, meetingID, password, rest)
  }
  // Same URL check: both sign the same parameters, and our checksum is the sha1 of the string BBB expects
  // (call name + query + secret).
  const sample = new URL(oursUrl(3))
  const signed = `join${sample.search.slice(1).replace(/&checksum=[0-9a-f]+$/, '')}${SECRET}`
  if (sample.searchParams.get('checksum') !== createHash('sha1').update(signed, 'utf8').digest('hex')) throw new Error('signing: our checksum is not sha1 of the signed string')
  const peerSample = new URL(peerUrl(3))
  for (const key of ['fullName', 'meetingID', 'role', 'userID', 'createTime']) {
    if (sample.searchParams.get(key) !== peerSample.searchParams.get(key)) throw new Error(`signing: ${key} differs from the peer's`)
  }

  const n = options.iterations
  rate(oursUrl, n / 4)
  rate(peerUrl, n / 20)
  const results = { ours: [] as number[], peer: [] as number[] }
  // Interleaved rounds, so machine noise hits both alike.
  for (let r = 0; r < options.rounds; r++) {
    results.ours.push(rate(oursUrl, n))
    results.peer.push(rate(peerUrl, n / 5))
  }
  const oursRate = median(results.ours)
  const peerRate = median(results.peer)
  const joinMs = median(await joinTimes(options.joins))
  const signMs = 1000 / oursRate
  const share = signMs / joinMs
  return [
    {
      section: '1 Signing',
      figure: 'join URLs built (ours, sha1) vs bigbluebutton-js',
      value: perSecond(oursRate),
      baseline: `${perSecond(peerRate)} bigbluebutton-js`,
      ratio: times(oursRate / peerRate),
      target: verdict(oursRate >= 3 * peerRate, '≥ 3×'),
    },
    {
      section: '1 Signing',
      figure: `one join URL signed, share of a join's time (${fmt(options.joins)} joins one by one, SQLite)`,
      value: `${fmt(signMs * 1000, 1)} µs`,
      baseline: `${ms(joinMs, 2)} per join`,
      ratio: percent(share, 2),
      target: verdict(share < 0.01, '< 1 %'),
    },
  ]
}
