import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import express, { Router } from 'express'
import { z } from 'zod'
import { mintHostToken, type HostClaims } from '../../auth/host-jwt.js'
import { AppError } from '../../errors.js'
import { parseInput } from '../validate.js'
import type { DemoTokenAnswer } from '../../contract/index.js'
import { PACKAGE_ROOT } from '../../paths.js'

const DEMO_DIR = join(PACKAGE_ROOT, 'widget', 'demo') + '/'

/** The demo platform's spaces: ids are what a host would put in the token's `spaces` claim. */
export const DEMO_SPACES = [
  { id: 'team-alpha', name: { fr: 'Équipe Alpha', en: 'Team Alpha' } },
  { id: 'team-beta', name: { fr: 'Équipe Bêta', en: 'Team Beta' } },
  { id: 'projet-gamma', name: { fr: 'Projet Gamma (partenaires)', en: 'Project Gamma (partners)' } },
] as const

export type DemoPersona = 'manager' | 'member' | 'external' | 'admin'

/** Who each persona is: the claims the demo host signs for them. */
export const DEMO_PERSONAS: Readonly<Record<DemoPersona, Omit<HostClaims, 'locale'>>> = {
  manager: {
    sub: 'demo-alice',
    name: 'Alice Martin',
    email: 'alice.martin@example.org',
    spaces: { 'team-alpha': 'manager', 'team-beta': 'manager', 'projet-gamma': 'member' },
  },
  member: {
    sub: 'demo-bruno',
    name: 'Bruno Lefèvre',
    email: 'bruno.lefevre@example.org',
    spaces: { 'team-alpha': 'member', 'team-beta': 'member', 'projet-gamma': 'member' },
  },
  external: {
    sub: 'demo-chloe',
    name: 'Chloé Partner',
    email: 'chloe@partner.example.com',
    external: true,
    spaces: { 'team-alpha': 'member', 'projet-gamma': 'member' },
  },
  admin: {
    sub: 'demo-david',
    name: 'David Admin',
    email: 'david.admin@example.org',
    admin: true,
    spaces: { 'team-alpha': 'manager', 'team-beta': 'manager', 'projet-gamma': 'manager' },
  },
}

const tokenBody = z
  .object({
    persona: z.enum(['manager', 'member', 'external', 'admin']),
    locale: z.enum(['fr', 'en']).optional(),
  })
  .strict()

/**
 * The demo host platform (only mounted in demo mode, never in production): `GET /` serves a stand-in
 * collaboration platform embedding `/widget/v1/bbb-spaces.js` like a real host, and `POST /demo/token`
 * `{ persona, locale? }` → `{ token }` mints a 1-hour HS256 host token for a demo persona
 * (`400 invalid_request` for an unknown persona; `503 service_unavailable` when tokens are verified with a
 * JWKS, as the demo cannot sign those).
 */
export function demoRouter(deps: {
  hostJwtSecret: Uint8Array
  publicUrl: string
  jwtIssuer?: string
  jwtAudience?: string
}): Router {
  const router = Router({ caseSensitive: true })
  const read = (name: string) => readFileSync(`${DEMO_DIR}${name}`, 'utf8')
  const data = JSON.stringify({
    spaces: DEMO_SPACES,
    personas: Object.fromEntries(Object.entries(DEMO_PERSONAS).map(([k, p]) => [k, { name: p.name, spaces: p.spaces, admin: !!p.admin, external: !!p.external }])),
  }).replace(/</g, '\\u003c')
  const page = read('index.html').replace('{{DEMO_DATA}}', data)
  const script = read('demo.js')
  const style = read('demo.css')

  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.type('html').send(page)
  })
  router.get('/demo/demo.js', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache')
    res.type('text/javascript').send(script)
  })
  router.get('/demo/demo.css', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache')
    res.type('text/css').send(style)
  })

  router.post('/demo/token', express.json({ limit: '2kb' }), async (req, res) => {
    const body = parseInput(tokenBody, req.body ?? {})
    if (deps.hostJwtSecret.length === 0) {
      throw new AppError('service_unavailable', 'The demo cannot sign tokens when they are verified with HOST_JWKS_URL.')
    }
    const claims: HostClaims = { ...DEMO_PERSONAS[body.persona], ...(body.locale ? { locale: body.locale } : {}) }
    const token = await mintHostToken(deps.hostJwtSecret, claims, {
      expiresIn: '1h',
      issuer: deps.jwtIssuer ?? null,
      audience: deps.jwtAudience ?? null,
    })
    res.setHeader('Cache-Control', 'no-store')
    res.json({ token } satisfies DemoTokenAnswer)
  })
  return router
}
