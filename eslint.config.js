import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/src/gen/**', '**/src/store/generated/**', '.mizan/**', '.nx/**', '**/*.js', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../apps/*', '../../../apps/*', '@mizan/*/src/*'], message: 'Import workspace packages by name; apps never import apps.' }] }],
    },
  },
  {
    // The domain decides; it never imports a transport or an ORM (STYLE.md 2.1).
    files: ['apps/*/src/domain/**/*.ts'],
    ignores: ['apps/*/src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@prisma/*', '@grpc/*', 'graphql', 'pino', '**/store/**', '**/transport/**', '@apollo/*'], message: 'src/domain imports no transport or ORM.' }] }],
    },
  },
  { files: ['**/*.test.ts', 'test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' } },
);
