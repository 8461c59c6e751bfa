// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * ESLint with typescript-eslint's type-aware recommended rules, over all of the project's
 * TypeScript. Formatting is Prettier's business (`npm run lint` runs both).
 */
export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'dist/', '.data/', '.bench/', 'test-artifacts/', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A disable comment says why, after "--", on the same line.
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      // Ports are async interfaces: an implementation with nothing to wait for still returns a promise.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Prettier breaks code at 160 columns but leaves comments, strings and template text alone: this holds them to it too.
      // URLs are exempt, as nothing can wrap one. (Core's max-len is frozen until ESLint 11; @stylistic/max-len is the same rule.)
      'max-len': ['error', { code: 160, ignoreUrls: true }],
    },
  },
  {
    // Tests read loosely typed JSON bodies on purpose (a client's view of the API).
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.cjs', '**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    // The CommonJS files that Node and Jest load as they are: configuration and the test reporter.
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
  },
);
