// ESLint (flat config): typescript-eslint's recommended rules and the layers of README's layout
// (tools/eslint_layers.js). `npm run lint`; CI runs it after the typecheck.
import tseslint from 'typescript-eslint'
import { layers } from './tools/eslint_layers.js'

export default tseslint.config(
  { ignores: ['build/**', 'data/**', 'node_modules/**', 'core/ui/screenshots/**', 'tmp/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.recommended],
    // 'error' once eslint-plugin-react-hooks is installed (the stub below makes its directives look unused)
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: {
      vikno: { rules: { layers } },
      // a few effects say why they leave eslint-plugin-react-hooks' rule out; that plugin is not
      // installed, so its rule name is known here and checks nothing
      'react-hooks': { rules: { 'exhaustive-deps': { create: () => ({}) } } },
    },
    rules: {
      'vikno/layers': [
        'error',
        {
          // a module's `shared/` folder holds the types of its declared actions and events: its
          // public contract, which other modules may import (types only by convention)
          exceptions: [{ from: 'modules/', to: 'modules/servicedesk/shared/' }],
        },
      ],
      // the code's own conventions, not defects
      '@typescript-eslint/no-explicit-any': 'off', // JSON documents and knex rows are `any` at the edges on purpose
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `ok && run()` and `if (k) (e.preventDefault(), go())` are the code's idiom for one-line effects
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  }
)
