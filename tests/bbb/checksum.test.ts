import { describe, expect, it } from 'vitest'
import { algorithmForChecksum, checksum, checksumsEqual } from '../../server/bbb/checksum.js'
import { buildQuery, encodeValue, splitChecksum } from '../../server/bbb/query.js'
import { createBbbClient } from '../../server/bbb/client.js'

// Vectors from the project's BBB API notes §1.4 (BBB docs, bigbluebutton-api-ruby, Scalelite, bigbluebutton-rs).
const VECTORS = [
  ['create', 'name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444', '639259d4-9dd8-4b25-bf01-95f9567eaf4b', 'sha1', '1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17'],
  ['join', 'param1=value1&param2=value2', '1234567890abcdefghijkl', 'sha1', '67882ae54f49600f56f358c10d24697ef7d8c6b2'],
  ['join', 'param2=value2&param1=value1', '1234567890abcdefghijkl', 'sha1', '85a54e28e4ec18bfdcb214a73f74d35b09a84176'],
  ['join', 'param1=value1&param2=value2', '1234567890abcdefghijkl', 'sha256', '0e7b1611809fad890a114dddae1a37fecf14c28971afc10ee3eac432da5b8b41'],
  ['getMeetingInfo', 'meetingID=test-meeting-1', 'test-1', 'sha256', '7901d9cf0f7e63a7e5eacabfd75fabfb223259d6c045ac5b4d86fb774c371945'],
  ['getMeetingInfo', '', 'test-2', 'sha256', 'd3a5ebf2c9a52d3b9f421492499f11a1a625f3b9af48c6b1cc61d1c6c565aee6'],
  ['join', 'password=pass&fullName=name&meetingId=1', 'BBBSECRET', 'sha256', '94e467c1b4b13f4452ca5d1deb9b7b74e1063aea55fe078139015a7d6311cfdf'],
  ['create', 'name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444', '639259d4-9dd8-4b25-bf01-95f9567eaf4b', 'sha384', '891ac633df39d0a1b4f8d597f3e190833216c4b29c4fb51ea3ca72757eeb958d6e7b49a845cf29f5c6019c7d29d029d1'],
  ['create', 'name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444', '639259d4-9dd8-4b25-bf01-95f9567eaf4b', 'sha512', 'de73ad61d11a5c801b68d4bd6ec5248546085cefb0b25c85f3c46249ea93a3a4b120f92c0a8a58d7512cb77821884951a3b01245f3435dbbef49fff3cc3988b4'],
  ['hooks/create', 'callbackURL=https%3A%2F%2Fapp.example.com%2Fbbb%2Fwebhook&getRaw=false', '639259d4-9dd8-4b25-bf01-95f9567eaf4b', 'sha1', 'cc247c37f7436f3648a8d1a27e73ea1dcef020ca'],
] as const

describe('checksum', () => {
  it.each(VECTORS)('signs %s?%s with the documented %s checksum', (call, query, secret, algorithm, expected) => {
    expect(checksum(call, query, secret, algorithm)).toBe(expected)
    expect(algorithmForChecksum(expected)).toBe(algorithm)
  })

  it.each(VECTORS)('puts the documented checksum on the URL the client signs for %s?%s', (call, query, secret, algorithm, expected) => {
    const client = createBbbClient({ endpoint: 'https://bbb.example.org/bigbluebutton', secret, algorithm })
    const url = client.urls.sign(call, query)
    expect(url).toBe(`https://bbb.example.org/bigbluebutton/api/${call}?${query === '' ? '' : `${query}&`}checksum=${expected}`)
    expect(splitChecksum(url.slice(url.indexOf('?') + 1))).toEqual({ query, checksum: expected })
  })

  it('rejects checksum lengths bbb-web does not know', () => {
    expect(algorithmForChecksum('abc')).toBeUndefined()
    expect(algorithmForChecksum('a'.repeat(41))).toBeUndefined()
  })

  it('compares checksums case-insensitively', () => {
    expect(checksumsEqual('ABCDEF', 'abcdef')).toBe(true)
    expect(checksumsEqual('abcdef', 'abcdee')).toBe(false)
    expect(checksumsEqual('abcdef', 'abcdef0')).toBe(false)
  })
})

describe('query encoding', () => {
  it("encodes like Java's URLEncoder: space as +, accents as UTF-8, apostrophes and brackets escaped", () => {
    expect(encodeValue("José O'Brien (ext)*~!")).toBe('Jos%C3%A9+O%27Brien+%28ext%29*%7E%21')
    expect(encodeValue('a+b')).toBe('a%2Bb')
    expect(encodeValue('🎉')).toBe('%F0%9F%8E%89')
  })

  it('encodes exactly as URLSearchParams (Java URLEncoder rules) for any text, lone surrogates included', () => {
    let seed = 42
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const reference = (v: string) => new URLSearchParams([['', v]]).toString().slice(1)
    for (let i = 0; i < 5000; i++) {
      let v = ''
      const n = Math.floor(random() * 12)
      for (let j = 0; j < n; j++) v += String.fromCharCode(Math.floor(random() * (random() < 0.8 ? 128 : 0xffff)))
      expect(encodeValue(v), JSON.stringify(v)).toBe(reference(v))
    }
    expect(encodeValue('\ud800x')).toBe(reference('\ud800x'))
  })

  it('keeps insertion order, drops undefined and null, writes booleans and joins arrays', () => {
    expect(buildQuery({ b: 'x y', a: true, c: undefined, d: null, e: ['chat', 'polls'], f: 0 })).toBe(
      'b=x+y&a=true&e=chat%2Cpolls&f=0',
    )
  })

  it('splits the checksum pair out of a raw query without touching the rest', () => {
    expect(splitChecksum('a=1&checksum=abc&b=%20')).toEqual({ query: 'a=1&b=%20', checksum: 'abc' })
    expect(splitChecksum('checksum=abc')).toEqual({ query: '', checksum: 'abc' })
    expect(splitChecksum('a=1')).toEqual({ query: 'a=1', checksum: undefined })
  })
})
