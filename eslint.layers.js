// The layering rule of ARCHITECTURE.md as ESLint configuration: each layer lists the folders it must not import.
// http → domain (auth, limits, rooms, invites, calendar, recordings, status, callbacks, host-events, mail, retention,
// attendance, usage) → (bbb | store) → model,
// contract, clock. The domain imports neither kysely nor the store's context or schema (its SQL is the store's).
// Nothing imports service.ts or main.ts but main.ts; only bbb/ may open a file of bbb/ other than
// its index; the widget takes nothing from the server but server/contract/.

const DOMAIN = ['auth', 'limits', 'rooms', 'invites', 'calendar', 'recordings', 'status', 'callbacks', 'host-events', 'mail', 'retention', 'attendance', 'usage']
const ENTRY = ['http', 'cli', 'dev-bbb']

/** An import specifier that reaches the server folder `name` (relative, from any depth). */
const folder = (names) => `^(\\./|(\\.\\./)+)(${names.join('|')})/`
/** An import specifier that reaches one of the top-level server files `names`. */
const file = (names) => `^(\\./|(\\.\\./)+)(${names.join('|')})\\.js$`

const deepBbb = {
  regex: '^(\\./|(\\.\\./)+)bbb/(?!index\\.js$)',
  message: 'Import the BBB client through server/bbb/index.js, never a file behind it.',
}
const storeQueries = {
  regex: '^(kysely$|(\\.\\./)+store/(context|schema)\\.js$)',
  message: 'The domain writes no SQL: a store query is a method on the repository that owns the table (store/*.ts, ARCHITECTURE.md).',
}
const rootFiles = {
  regex: file(['service', 'main']),
  message: 'Only main.ts imports the composition root (service.ts); nothing imports main.ts.',
}

function forbid(layer, names, extra = []) {
  return {
    regex: folder(names),
    message: `${layer} must not import ${names.join(', ')}: imports point down (ARCHITECTURE.md).`,
    extra,
  }
}

const rule = (...patterns) => ['error', { patterns: patterns.flatMap(({ extra = [], ...p }) => [p, ...extra]) }]

export const layering = [
  {
    files: ['server/bbb/**/*.ts'],
    rules: {
      'no-restricted-imports': rule({
        regex: '^\\.\\./',
        message: 'server/bbb/ is liftable as a library: it imports nothing else from the server.',
      }),
    },
  },
  {
    files: ['server/contract/**/*.ts', 'server/model/**/*.ts'],
    rules: {
      'no-restricted-imports': rule({
        regex: '^\\.\\./(?!(contract|model)/)',
        message: 'contract/ and model/ are the ground floor: types only, importing nothing above them.',
      }),
    },
  },
  {
    files: ['server/store/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(
        forbid('store/', [...DOMAIN, ...ENTRY, 'bbb', 'i18n']),
        { regex: file(['bbb-failures', 'service', 'main']), message: 'store/ imports neither the domain nor the BBB client.' },
      ),
    },
  },
  {
    files: [...DOMAIN.map((d) => `server/${d}/**/*.ts`), 'server/bbb-failures.ts'],
    rules: { 'no-restricted-imports': rule(forbid('The domain', ENTRY), rootFiles, deepBbb, storeQueries) },
  },
  {
    files: ['server/http/**/*.ts'],
    rules: { 'no-restricted-imports': rule(forbid('http/', ['cli', 'dev-bbb']), rootFiles, deepBbb) },
  },
  {
    files: ['server/dev-bbb/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(
        forbid('The dev BBB', [...DOMAIN, 'http', 'cli', 'store']),
        rootFiles,
        deepBbb,
      ),
    },
  },
  {
    files: ['server/cli/**/*.ts', 'server/config.ts', 'server/log.ts', 'server/i18n/**/*.ts'],
    rules: { 'no-restricted-imports': rule(forbid('This module', [...DOMAIN, 'http', 'store']), rootFiles, deepBbb) },
  },
  {
    files: ['widget/**/*.ts', 'widget/**/*.tsx'],
    rules: {
      'no-restricted-imports': rule({
        regex: '(^|/)server/(?!contract/)',
        message: 'The widget takes nothing from the server but the type-only server/contract/.',
      }, {
        regex: '^react$',
        importNames: ['useId'],
        message: 'Use useWidgetId (widget/hooks/use-widget-id.ts): the standalone scripts share one shadow root, and useId repeats across them.',
      }),
    },
  },
]
