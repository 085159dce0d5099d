import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.stryker-tmp/**',
      'reports/**',
      'tests/app/.tmp/**',
      'tests/app/dist/**',
      'tests/app/build/**',
      'tests/app/.strapi/**',
      'tests/app/types/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Request/response contracts are `declare namespace`s, as in Strapi's own shared/contracts.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
    },
  },
  {
    files: ['admin/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The Content Manager's admin internals are reached through one adapter, so an upgrade of
    // Strapi touches that file alone.
    files: ['admin/**/*.{ts,tsx}'],
    ignores: ['admin/src/utils/content-manager.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@strapi/strapi/admin',
              importNames: [
                'unstable_useContentManagerContext',
                'unstable_useDocument',
                'unstable_useDocumentLayout',
                'useDocumentRBAC',
                'useForm',
              ],
              message: 'The Content Manager is reached through admin/src/utils/content-manager.',
            },
          ],
          patterns: [
            {
              group: ['@strapi/content-manager', '@strapi/content-manager/*', '@strapi/admin/*'],
              message: 'The Content Manager is reached through admin/src/utils/content-manager.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'TemplateElement[value.raw=/\\/content-manager\\//], Literal[value=/\\/content-manager\\//]',
          message:
            "The Content Manager's routes are reached through admin/src/utils/content-manager.",
        },
      ],
    },
  },
  {
    // The same on the server: the Content Manager's services are cast once, in one module.
    files: ['server/**/*.ts'],
    ignores: ['server/src/utils/content-manager.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='plugin'][arguments.0.value='content-manager']",
          message:
            "The Content Manager's services are reached through server/src/utils/content-manager.",
        },
      ],
    },
  },
  {
    // A save's decisions belong to the credentials service: the rest of the server asks it.
    files: ['server/**/*.ts'],
    ignores: ['server/src/services/credentials.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/save-plan'],
              message: "Ask the credentials service (planSave, applySavePlan) for a save's plan.",
            },
          ],
        },
      ],
    },
  },
  {
    // Strapi recognises errors by instanceof: values must come from the copy its core loads.
    files: ['server/**/*.ts', 'shared/**/*.ts'],
    ignores: ['server/src/utils/strapi-utils.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@strapi/utils',
              message:
                "Import values from server/src/utils/strapi-utils (types from '@strapi/utils' are fine).",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  }
);
