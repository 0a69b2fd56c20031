import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * The package's root folder, the same whether the service runs from its sources (`server/`, through tsx) or
 * compiled (`dist/server/`): the widget's built files and the demo page are found from here.
 */
export const PACKAGE_ROOT = basename(dirname(here)) === 'dist' ? join(here, '..', '..') : join(here, '..')
