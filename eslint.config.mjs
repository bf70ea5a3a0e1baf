// Type-checked lint, no warnings allowed; import boundaries are enforced here too (see docs/boundaries.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noAppsFromLibs = {
  group: ['apps/*', '**/apps/*', '../../apps/*'],
  message: 'libs never import apps',
};
const noCrossLibRelative = {
  group: ['../../libs/*', '../../../libs/*', '**/libs/*/src/*'],
  message: 'import another lib through its @handoff/* alias',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': ['error', { patterns: [noAppsFromLibs, noCrossLibRelative] }],
    },
  },
  {
    // Services see our ports, never the Kafka or HTTP client libraries directly.
    files: ['apps/**/*.ts', 'libs/messaging-nest/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kafkajs', message: 'use the messaging port (@handoff/messaging)' },
            { name: 'axios', message: 'use a vendor port; only its adapter owns the HTTP client' },
          ],
          patterns: [
            { group: ['../../*/src/*', 'apps/*'], message: 'apps never import apps' },
            noCrossLibRelative,
          ],
        },
      ],
    },
  },
  {
    // Tests and benchmarks start apps through their programmatic starters; nothing else may.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noCrossLibRelative] }] },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
