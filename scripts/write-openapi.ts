// Writes the OpenAPI document the service serves at /api/v1/openapi.json to docs/openapi.json.
// `npm run build` runs it (`npm run build:openapi`); tests/http/openapi.test.ts fails when the copy is stale.
import { writeFileSync } from 'node:fs'
import { openApiText } from '../server/http/routes/openapi.js'

const target = new URL('../docs/openapi.json', import.meta.url)
writeFileSync(target, openApiText())
console.log(`docs/openapi.json written`)
