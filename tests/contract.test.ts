import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const DIR = join(import.meta.dirname, '..', 'server', 'contract')

describe('server/contract', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'))

  it.each(files)('%s holds types only: nothing of it is left once compiled', (file) => {
    const source = readFileSync(join(DIR, file), 'utf8')
    const out = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, removeComments: true },
    }).outputText
    expect(out.replace(/export \{\};?/g, '').trim()).toBe('')
  })
})
