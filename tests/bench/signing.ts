import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { createBbbClient } from '../../server/bbb/index.js'
import { median, percent, perSecond, times, verdict, type Row } from './stats.js'

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

/**
 * Section 1: join URLs per second — our client (sha1, to match the peer) vs bigbluebutton-js building the same
 * join URL vs one bare `createHash('sha1')` of the exact string our client signs.
 */
export function benchSigning(options: { rounds: number; iterations: number }): Row[] {
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
  // The exact string our client hashes for each URL (call name + query + secret), built outside the timing.
  const strings = Array.from({ length: 100 }, (_, i) => {
    const url = new URL(oursUrl(i))
    const query = url.search.slice(1).replace(/&checksum=[0-9a-f]+$/, '')
    return `join${query}${SECRET}`
  })
  const bare = (i: number) => createHash('sha1').update(strings[i % 100]!, 'utf8').digest('hex')

  // Same URL check: both sign the same parameters, and our checksum is the bare hash of the signed string.
  const sample = new URL(oursUrl(3))
  if (sample.searchParams.get('checksum') !== bare(3)) throw new Error('signing: our checksum is not sha1 of the signed string')
  const peerSample = new URL(peerUrl(3))
  for (const key of ['fullName', 'meetingID', 'role', 'userID', 'createTime']) {
    if (sample.searchParams.get(key) !== peerSample.searchParams.get(key)) throw new Error(`signing: ${key} differs from the peer's`)
  }

  const n = options.iterations
  rate(oursUrl, n / 4)
  rate(peerUrl, n / 20)
  rate(bare, n / 4)
  const results = { ours: [] as number[], peer: [] as number[], bare: [] as number[] }
  // Interleaved rounds, so machine noise hits all three alike.
  for (let r = 0; r < options.rounds; r++) {
    results.ours.push(rate(oursUrl, n))
    results.peer.push(rate(peerUrl, n / 5))
    results.bare.push(rate(bare, n))
  }
  const oursRate = median(results.ours)
  const peerRate = median(results.peer)
  const bareRate = median(results.bare)
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
      figure: 'join URLs built (ours) vs bare createHash',
      value: perSecond(oursRate),
      baseline: `${perSecond(bareRate)} bare sha1`,
      ratio: percent(oursRate / bareRate),
      target: verdict(oursRate >= 0.4 * bareRate, '≥ 40 %'),
    },
  ]
}
