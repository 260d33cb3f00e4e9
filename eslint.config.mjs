// ESLint (flat config) with typescript-eslint; formatting is Prettier's job (npm run lint checks both).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_GLOBALS = Object.fromEntries(
  [
    'require',
    'module',
    '__dirname',
    'process',
    'console',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'Buffer',
    'URL',
  ].map((g) => [g, 'readonly']),
);

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-artifacts/**', 'media/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      // Prettier wraps code at 120; this catches long strings and comments it cannot wrap.
      'max-len': ['error', { code: 120, ignoreUrls: true }],
    },
  },
  {
    // The engine is pure: no editor, server, CLI, Node file system, processes or network.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', 'fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'worker_threads'].map(
            (name) => ({ name, message: 'src/core is the pure engine: pass data in from src/node, server or CLI.' }),
          ),
          patterns: [
            {
              group: ['**/server/**', '**/client/**', '**/cli/**', '**/node/**', 'vscode-*'],
              message: 'src/core depends on nothing outside it; everything depends on the core.',
            },
          ],
        },
      ],
    },
  },
  {
    // The VS Code client speaks to the server through the protocol types; of the engine it uses only
    // the display formatter's plain-number part (figures arrive from the server already computed).
    files: ['src/client/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(server|cli|node|core/(?!report/numbers$))',
              allowTypeImports: true,
              message: 'The client imports the protocol (src/protocol.ts) and core/report/numbers only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and the benchmark load fixtures and optional modules with require().
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: NODE_GLOBALS,
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
