import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildExo, type ExoBuild } from './exo-java.js'

function list(archive: string): string[] {
  return execFileSync('jar', ['--list', '--file', archive], { encoding: 'utf8' }).split('\n').filter(Boolean)
}

describe('the eXo add-on build (integrations/exo/build.sh: javac + JUnit 5)', () => {
  let build: ExoBuild
  beforeAll(async () => {
    build = await buildExo()
  }, 180_000)
  afterAll(() => build?.cleanup())

  it('runs every JUnit test of the connector and none fails or is skipped', () => {
    const found = Number(/\[\s*(\d+) tests found\s*\]/.exec(build.output)?.[1])
    const successful = Number(/\[\s*(\d+) tests successful\s*\]/.exec(build.output)?.[1])
    expect(found).toBeGreaterThanOrEqual(30)
    expect(successful).toBe(found)
    expect(build.output).toMatch(/\[\s*0 tests failed\s*\]/)
    expect(build.output).toMatch(/\[\s*0 tests skipped\s*\]/)
    // The behaviours the issue names, by their test names.
    for (const name of [
      'aSpaceManagerGetsManagerOfThatSpaceOnly',
      'aSpaceMemberGetsMember',
      'anExternalMemberIsFlaggedAndADoubtfulEmailOrLocaleIsLeftOut',
      'aNonMemberGets403AndNoToken',
      'expiryIsShortAndEveryTokenHasItsOwnJti',
      'aStaleOrFutureTimestampIsRefusedEvenWhenCorrectlySigned',
      'thePomTakesEveryEXoArtifactAsProvidedAndNeverTheStubs',
    ]) {
      expect(build.output).toContain(`${name}() ✔`)
    }
  })

  it('packages the add-on zip: the services jar without any stub, and the webapp with its descriptors and fr/en bundles', () => {
    const zip = join(build.dir, 'bbb-spaces-exo-addon.zip')
    expect(list(zip)).toEqual(expect.arrayContaining(['lib/bbb-spaces-exo-services.jar', 'webapps/bbb.war', 'README.md']))

    execFileSync('unzip', ['-q', '-o', zip, '-d', join(build.dir, 'unzipped')])
    const jar = list(join(build.dir, 'unzipped/lib/bbb-spaces-exo-services.jar'))
    expect(jar).toEqual(
      expect.arrayContaining([
        'org/bbbspaces/exo/BbbCallProvider.class',
        'org/bbbspaces/exo/BbbTokenResource.class',
        'org/bbbspaces/exo/core/TokenIssuer.class',
        'org/bbbspaces/exo/core/WebhookVerifier.class',
        'conf/portal/configuration.xml',
        'META-INF/exo-conf/configuration.xml',
      ]),
    )
    expect(jar.filter((f) => f.startsWith('org/exoplatform/') || f.startsWith('javax/'))).toEqual([])
    expect(jar.filter((f) => f.includes('testkit') || f.endsWith('Test.class'))).toEqual([])

    const war = list(join(build.dir, 'unzipped/webapps/bbb.war'))
    expect(war).toEqual(
      expect.arrayContaining([
        'WEB-INF/web.xml',
        'WEB-INF/portlet.xml',
        'WEB-INF/gatein-resources.xml',
        'WEB-INF/conf/configuration.xml',
        'WEB-INF/classes/locale/webconferencing/bbb/Bbb_en.properties',
        'WEB-INF/classes/locale/webconferencing/bbb/Bbb_fr.properties',
        'js/webconferencing-bbb.js',
      ]),
    )
  })
})
