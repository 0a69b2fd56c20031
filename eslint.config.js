import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { layering } from './eslint.layers.js'

const TS = ['**/*.ts', '**/*.tsx']

export default tseslint.config(
  { ignores: ['node_modules/', '**/dist/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Type-aware rules: the whole recommended set on the product's code, the promise rules on the tests too.
  {
    files: TS,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  ...tseslint.configs.recommendedTypeCheckedOnly.map((config) => ({ ...config, files: ['server/**/*.ts', 'widget/**/*.ts', 'widget/**/*.tsx'] })),
  {
    files: ['server/**/*.ts', 'widget/**/*.ts', 'widget/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Off, each for a reason: our interfaces declare function-valued members as methods that are closures
      // without `this` (unbound-method); async is kept where an interface promises a Promise (require-await);
      // String() of FormData entries and of error details is the intended rendering (no-base-to-string);
      // Kysely's migrator hands its error as unknown, rethrown as is (only-throw-error).
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  ...layering,
)
