import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shapeOf, startDev, waitFor, type Dev, type Shape } from './helpers.js'

const FIXTURES = new URL('../fixtures/bbb/', import.meta.url)
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8')

/** Containers whose children have arbitrary names (meta and userdata keys). */
const FREE = new Set(['metadata', 'customdata'])

/** Child names in order, repeated elements collapsed (attendee, meeting, recording …). */
function names(shape: Shape): string[] {
  const out: string[] = []
  for (const [n] of shape[1]) if (out[out.length - 1] !== n) out.push(n)
  return out
}

/**
 * Compares two shapes. `strict`: the same child names in the same order; otherwise ours must be an ordered
 * subset of the fixture's (the fixture carries optional elements such as preview images we do not emit).
 */
function compare(ours: Shape, theirs: Shape, strict: boolean, path = ''): string[] {
  const here = `${path}/${ours[0]}`
  if (ours[0] !== theirs[0]) return [`${here}: ${ours[0]} vs ${theirs[0]}`]
  if (FREE.has(ours[0])) return []
  const a = names(ours)
  const b = names(theirs)
  const problems: string[] = []
  if (strict) {
    if (a.join(',') !== b.join(',')) problems.push(`${here}: [${a}] vs [${b}]`)
  } else {
    let i = 0
    for (const n of a) {
      while (i < b.length && b[i] !== n) i++
      if (i === b.length) problems.push(`${here}: ${n} not in order of [${b}]`)
    }
  }
  for (const child of ours[1]) {
    const match = theirs[1].find((c) => c[0] === child[0])
    if (match) problems.push(...compare(child, match, strict, here))
  }
  return problems
}

let dev: Dev
const answers: Record<string, string> = {}
const text = async (call: string, params: Record<string, string | number | boolean> = {}) =>
  (await fetch(dev.signed(call, params), { redirect: 'manual' })).text()

beforeAll(async () => {
  dev = await startDev()
  await text('create', { meetingID: 'shape-1', name: 'Shape', record: true, 'meta_bbb-origin': 'x', attendeePW: 'ap', moderatorPW: 'mp' })
  answers.create = await text('create', { meetingID: 'shape-1', name: 'Shape' })
  answers.join = await text('join', { meetingID: 'shape-1', fullName: 'A', role: 'MODERATOR', redirect: false })
  await dev.post('dev/meetings/shape-1/attendees', { role: 'MODERATOR' })
  answers.isMeetingRunning = await text('isMeetingRunning', { meetingID: 'shape-1' })
  answers.getMeetingInfo = await text('getMeetingInfo', { meetingID: 'shape-1' })
  answers.getMeetings = await text('getMeetings')
  answers.checksumError = await (await fetch(`${dev.url}api/getMeetings?checksum=00`)).text()
  answers.hooksCreate = await text('hooks/create', { callbackURL: 'http://127.0.0.1:9/hook', meetingID: 'shape-1' })
  answers.hooksCreateDuplicate = await text('hooks/create', { callbackURL: 'http://127.0.0.1:9/hook' })
  await text('hooks/create', { callbackURL: 'http://127.0.0.1:9/global' })
  answers.hooksList = await text('hooks/list')
  answers.hooksDestroy = await text('hooks/destroy', { hookID: 1 })
  answers.hooksDestroyMissing = await text('hooks/destroy', { hookID: 99 })
  answers.noRecordings = await text('getRecordings', { meetingID: 'nothing' })
  answers.insertDocument = await (
    await fetch(dev.signed('insertDocument', { meetingID: 'shape-1' }), {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: fixture('insertDocument.body.php.xml'),
    })
  ).text()
  answers.end = await text('end', { meetingID: 'shape-1' })
  await waitFor(() => (dev.dev.state.recordings.size > 0 ? true : undefined))
  answers.getRecordings = await text('getRecordings')
  const recordID = [...dev.dev.state.recordings.keys()][0]!
  answers.publish = await text('publishRecordings', { recordID, publish: true })
  answers.publishMissing = await text('publishRecordings', { recordID: 'nope', publish: true })
  answers.update = await text('updateRecordings', { recordID, meta_a: 'b' })
  answers.delete = await text('deleteRecordings', { recordID })
  answers.noMeetings = await (async () => {
    const d2 = await startDev()
    try {
      return await (await fetch(d2.signed('getMeetings'))).text()
    } finally {
      await d2.close()
    }
  })()
})
afterAll(() => dev.close())

const cases: [string, string, boolean][] = [
  ['create', 'create.duplicateWarning.php.xml', true],
  ['join', 'join.redirect-false.php.xml', true],
  ['isMeetingRunning', 'isMeetingRunning.php.xml', true],
  ['getMeetingInfo', 'getMeetingInfo.docs30.xml', true],
  ['getMeetings', 'getMeetings.one-meeting-with-attendee.SYNTHETIC.xml', true],
  ['checksumError', 'error.checksumError.docs.xml', true],
  ['end', 'end.php.xml', true],
  ['insertDocument', 'insertDocument.php.xml', true],
  ['getRecordings', 'getRecordings.docs.xml', false],
  ['noRecordings', 'getRecordings.noRecordings.php.xml', true],
  ['publish', 'publishRecordings.php.xml', true],
  ['publishMissing', 'publishRecordings.notFound.php.xml', true],
  ['update', 'updateRecordings.php.xml', true],
  ['delete', 'deleteRecordings.php.xml', true],
  ['hooksCreate', 'hooks.create.php.xml', true],
  ['hooksCreateDuplicate', 'hooks.create.duplicateWarning.php.xml', true],
  ['hooksList', 'hooks.list.php.xml', false],
  ['hooksDestroy', 'hooks.destroy.php.xml', true],
  ['hooksDestroyMissing', 'hooks.destroy.notFound.php.xml', true],
]

describe('answers use bbb-web element names and order (vendored fixtures)', () => {
  for (const [answer, file, strict] of cases) {
    it(`${answer} matches ${file}`, async () => {
      const ours = await shapeOf(answers[answer]!)
      const theirs = await shapeOf(fixture(file))
      expect(compare(ours, theirs, strict)).toEqual([])
    })
  }

  it('getMeetings with nothing running answers an empty <meetings/> and noMeetings', async () => {
    const shape = await shapeOf(answers.noMeetings!)
    expect(names(shape)).toEqual(['returncode', 'meetings', 'messageKey', 'message'])
  })

  it('the comparison notices a missing or misplaced element (the test can fail)', async () => {
    const broken = answers.getMeetingInfo!.replace(/<running>\w+<\/running>/, '')
    const problems = compare(await shapeOf(broken), await shapeOf(fixture('getMeetingInfo.docs30.xml')), true)
    expect(problems.length).toBeGreaterThan(0)
  })
})
