import { Router } from 'express'
import { openApiDocument } from '../openapi/document.js'

/** The document as served and as committed in docs/openapi.json (`npm run build:openapi`), byte for byte. */
export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`
}

/** `GET /api/v1/openapi.json`: the API's OpenAPI 3.1 description. Public (no token), readable from any origin. */
export function openApiRouter(): Router {
  const router = Router({ caseSensitive: true })
  let text: string | undefined
  router.get('/api/v1/openapi.json', (_req, res) => {
    text ??= openApiText()
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.setHeader('Cache-Control', 'public, max-age=300')
    res.type('application/json').send(text)
  })
  return router
}
