import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Captured BBB answers vendored in the repository (`tests/fixtures/bbb/`, origins in its SOURCES.md). */
export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'bbb')

/** The bytes of a captured BBB answer, as text, by file name (`getMeetings.php.xml`). */
export function loadFixture(name: string): string {
  return readFileSync(path.join(FIXTURES_DIR, name), 'utf8')
}

/** Every fixture file name except SOURCES.md. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f !== 'SOURCES.md')
    .sort()
}
