import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'dist-h5/**', '.data/**', '.swc/**', 'node_modules/**', 'coverage/**', '.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/hooks/**', 'src/components/**', 'src/pages/**', 'src/staff/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // What runs for every request. On Node 20 a spread followed by anything (`{ ...summary, more }`) is built property
    // by property through V8's slow path, ~1.3 µs for each one after it (a wish's detail: 19 µs); Object.assign onto
    // the fresh object, or the spread last, is not. docs/decisions.md has the figures.
    files: [
      'src/server/features/*/service.ts',
      'src/server/features/*/repo.ts',
      'src/server/lib/**',
      'src/server/auth/**',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement ~ *',
          message:
            'Object.assign(fresh, { … }) instead: a spread followed by more is slow on Node 20 (docs/decisions.md).',
        },
      ],
    },
  },
  {
    // Tests read loosely typed JSON replies.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
