import { describe, expect, it } from 'vitest'
import { scanXml } from '../../server/bbb/fast-xml.js'
import { toGetMeetings } from '../../server/bbb/responses.js'
import { parseXml, parseXmlWithXml2js } from '../../server/bbb/xml.js'
import { fixtureNames, loadFixture } from '../helpers/fixtures.js'

/** A getMeetings answer with the values that trip hand-written scanners. */
function trickyGetMeetings(meetings: number, attendees: number): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<!-- bbb-web -->', '<response>', '<returncode>SUCCESS</returncode>']
  out.push('<meetings>')
  for (let m = 0; m < meetings; m++) {
    out.push(
      '<meeting>',
      m % 3 === 0
        ? `<meetingName><![CDATA[Équipe <R&D> ${m} — "café" ]]></meetingName>`
        : `<meetingName>Salle &amp; Co &lt;${m}&gt; &#233;t&#xE9; &quot;x&quot; &apos;y&apos;</meetingName>`,
      `<meetingID>  id-${m}  </meetingID>`,
      `<internalMeetingID>${'f'.repeat(40)}-${1716000000000 + m}</internalMeetingID>`,
      `<createTime>${1716000000000 + m}</createTime>`,
      '<createDate>Sat May 18 02:40:00 UTC 2024</createDate>',
      `<voiceBridge>${70000 + m}</voiceBridge>`,
      m % 4 === 0 ? '<dialNumber/>' : m % 4 === 1 ? '<dialNumber>   </dialNumber>' : '<dialNumber><![CDATA[  ]]></dialNumber>',
      '<attendeePW>ap</attendeePW><moderatorPW>mp</moderatorPW>',
      `<running>${m % 2 === 0}</running>`,
      '<duration>0</duration>',
      '<hasUserJoined>true</hasUserJoined><recording>false</recording><hasBeenForciblyEnded>false</hasBeenForciblyEnded>',
      `<startTime>${1716000000040 + m}</startTime><endTime>0</endTime>`,
      `<participantCount>${m % 5 === 0 ? 0 : attendees}</participantCount>`,
      '<listenerCount>1</listenerCount><voiceParticipantCount>2</voiceParticipantCount><videoCount>0</videoCount>',
      '<maxUsers>100</maxUsers><moderatorCount>1</moderatorCount>',
    )
    if (m % 5 === 0) out.push(m % 10 === 0 ? '<attendees/>' : '<attendees>\n</attendees>')
    else {
      out.push('<attendees>')
      for (let a = 0; a < attendees; a++) {
        out.push(
          '<attendee>',
          `<userID>w_${m}_${a}</userID>`,
          a % 4 === 0 ? `<fullName>Zoë O'Brien &amp; ${a} 😀</fullName>` : `<fullName>\n  Ünal ${a}\n</fullName>`,
          `<role>${a === 0 ? 'MODERATOR' : 'VIEWER'}</role>`,
          `<isPresenter>${a === 0}</isPresenter><isListeningOnly>false</isListeningOnly>`,
          '<hasJoinedVoice>true</hasJoinedVoice><hasVideo>false</hasVideo>',
          a % 2 === 0 ? '<clientType>HTML5</clientType>' : '<clientType></clientType>',
          a % 3 === 0
            ? '<customdata><bbb_override_default_locale>fr</bbb_override_default_locale><x-note>a &lt; b</x-note></customdata>'
            : '<customdata/>',
          '</attendee>',
        )
      }
      out.push('</attendees>')
    }
    out.push(
      m % 7 === 0
        ? '<metadata/>'
        : `<metadata>\n<bbb-origin>bbb-spaces</bbb-origin>\n<bbb-context-id>space-${m % 9}</bbb-context-id>\n` +
            `<endcallbackurl>https://x.example/end?a=1&amp;b=2</endcallbackurl>\n</metadata>`,
      '<isBreakout>false</isBreakout>',
      m % 11 === 0 ? '<breakoutRooms><breakout>b1</breakout><breakout>b2</breakout></breakoutRooms>' : '',
      '</meeting>',
    )
  }
  out.push('</meetings>', '</response>', '')
  return out.join('\n')
}

/** Small documents covering each rule of xml2js's value shapes. */
const SHAPES: Record<string, string> = {
  'attributes with text': '<response><image width="176" alt="A &amp; B">https://x/1.png</image></response>',
  'attributes only': "<response><format type='presentation'/></response>",
  'attributes and children': '<r><a k="v"><b>1</b><b>2</b><c/></a></r>',
  'mixed text and children': '<r>  head <b>x</b> tail  </r>',
  'whitespace-only text kept untrimmed': '<r><a> \n\t </a><b></b><c/></r>',
  'whitespace CDATA': '<r><a><![CDATA[   ]]></a></r>',
  'CDATA next to text': '<r><a>x<![CDATA[<y>]]>z</a></r>',
  'comment inside text': '<r><a>one<!-- c -->two</a></r>',
  'three repeated': '<r><x>1</x><x>2</x><y/><x>3</x></r>',
  'repeated empty': '<r><x/><x/></r>',
  'root text only': '<r>just text</r>',
  'root empty': '<r/>',
  'BOM and declaration': '\uFEFF<?xml version="1.0"?>\n<r><a>1</a></r>\n',
  'space in closing tag': '<r><a >1</a ></r>',
  'numeric entities': '<r><a>&#65;&#x42;&#x1F600;</a></r>',
}

/** Documents xml2js refuses (or parses its own way): the fast path must step aside for each. */
const ODD: Record<string, string> = {
  truncated: '<response><returncode>SUCCESS</returncode><meetings><meeting>',
  mismatched: '<r><a>1</b></r>',
  'unknown entity': '<r>&nbsp;</r>',
  'leading zero entity': '<r>&#065;</r>',
  'bare ampersand': '<r>a & b</r>',
  'unquoted attribute': '<r a=1/>',
  doctype: '<!DOCTYPE r><r/>',
  'text outside root': 'hello <r/>',
  'child named constructor': '<r><constructor>x</constructor></r>',
  'carriage returns': '<r>\r\n<a>1</a>\r\n</r>',
  empty: '   ',
}

async function settle(parse: (t: string) => Promise<unknown>, text: string) {
  try {
    return { ok: true, value: await parse(text) }
  } catch (err) {
    return { ok: false, error: (err as Error).message }
  }
}

describe('the fast XML scanner gives what xml2js gives', () => {
  it.each(fixtureNames().filter((n) => n.endsWith('.xml')))('on the shared fixture %s, by the fast path', async (name) => {
    const text = loadFixture(name)
    expect(scanXml(text)).toBeDefined()
    expect(await parseXml(text)).toEqual(await parseXmlWithXml2js(text))
  })

  it.each(Object.keys(SHAPES))('on %s', async (name) => {
    const text = SHAPES[name]!
    expect(scanXml(text)).toBeDefined()
    expect(await parseXml(text)).toStrictEqual(await parseXmlWithXml2js(text))
  })

  it.each(Object.keys(ODD))('leaves %s to xml2js, errors included', async (name) => {
    const text = ODD[name]!
    expect(scanXml(text)).toBeUndefined()
    expect(await settle(parseXml, text)).toEqual(await settle(parseXmlWithXml2js, text))
  })

  it('maps a 500 × 20 getMeetings with CDATA, entities, accents, empty attendees and metadata the same way', async () => {
    const text = trickyGetMeetings(500, 20)
    expect(scanXml(text)).toBeDefined()
    const fast = await parseXml(text)
    const reference = await parseXmlWithXml2js(text)
    // Same keys in the same order, as text: much quicker than a deep compare of 3 MB of objects.
    expect(JSON.stringify(fast)).toBe(JSON.stringify(reference))
    const meetings = toGetMeetings(fast.body).meetings
    expect(meetings).toEqual(toGetMeetings(reference.body).meetings)
    expect(meetings).toHaveLength(500)
    expect(meetings[0]!.meetingName).toBe('Équipe <R&D> 0 — "café"')
    expect(meetings[1]!.meetingName).toBe('Salle & Co <1> été "x" \'y\'')
    expect(meetings[1]!.attendees[0]!.fullName).toBe("Zoë O'Brien & 0 😀")
    expect(meetings[1]!.attendees[0]!.customdata).toEqual({ bbb_override_default_locale: 'fr', 'x-note': 'a < b' })
    expect(meetings[5]!.attendees).toEqual([])
    expect(meetings[1]!.metadata['endcallbackurl']).toBe('https://x.example/end?a=1&b=2')
  })
})
