import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { fileURLToPath } from 'node:url'
// @ts-expect-error: plain-JS configuration modules without declarations
import config from '../../eslint.config.js'
// @ts-expect-error: plain-JS configuration modules without declarations
import { layering } from '../../eslint.layers.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** ESLint with the layering rules alone (no type information needed), as the build's configuration holds them. */
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...(layering as object[])],
})

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` })
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

describe('the layering rule in ESLint', () => {
  it('is part of the configuration npm test lints with', () => {
    for (const layer of layering as object[]) expect(config as object[]).toContain(layer)
  })

  it('refuses an import from a lower layer to a higher one', async () => {
    expect(await problems('server/store/probe.ts', "import { createApp } from '../http/app.js'\n")).toEqual([
      expect.stringContaining('no-restricted-imports'),
    ])
    expect(await problems('server/rooms/probe.ts', "import { startService } from '../service.js'\n")).toHaveLength(1)
    expect(await problems('server/status/probe.ts', "import type { AppDeps } from '../http/app.js'\n")).toHaveLength(1)
    expect(await problems('server/store/migrations/probe.ts', "import { x } from '../../rooms/meetings.js'\n")).toHaveLength(1)
    expect(await problems('server/model/probe.ts', "import type { Store } from '../store/types.js'\n")).toHaveLength(1)
  })

  it('keeps server/bbb/ liftable and reached only through its index', async () => {
    expect(await problems('server/bbb/probe.ts', "import { ERROR_CODES } from '../errors.js'\n")).toHaveLength(1)
    expect(await problems('server/rooms/probe.ts', "import { checksum } from '../bbb/checksum.js'\n")).toHaveLength(1)
    expect(await problems('server/rooms/probe.ts', "import { checksum } from '../bbb/index.js'\n")).toEqual([])
  })

  it('keeps SQL in the store: the domain imports neither kysely nor the store context or schema', async () => {
    expect(await problems('server/usage/probe.ts', "import { sql } from 'kysely'\n")).toHaveLength(1)
    expect(await problems('server/mail/probe.ts', "import type { Db } from '../store/context.js'\n")).toHaveLength(1)
    expect(await problems('server/retention/probe.ts', "import type { AuditTable } from '../store/schema.js'\n")).toHaveLength(1)
    expect(await problems('server/mail/probe.ts', "import type { MailOutbox, Tx } from '../store/types.js'\n")).toEqual([])
  })

  it('lets the widget take only the contract from the server', async () => {
    expect(await problems('widget/probe.ts', "import { ERROR_TEXTS } from '../server/i18n/index.js'\n")).toHaveLength(1)
    expect(await problems('widget/components/probe.tsx', "import type { Room } from '../../server/contract/index.js'\n")).toEqual([])
  })

  it('allows what points down', async () => {
    expect(await problems('server/http/probe.ts', "import { can } from '../auth/permissions.js'\nimport type { Room } from '../model/index.js'\n")).toEqual([])
    expect(await problems('server/store/probe.ts', "import type { Room } from '../model/index.js'\nimport type { Clock } from '../clock.js'\n")).toEqual([])
  })
})
