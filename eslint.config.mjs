import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import jest from 'eslint-plugin-jest';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      '.local/**',
      '.nx/**',
      'coverage/**',
      'bench/results/**',
      // Generated from docs/api by apps/console/tools/generate-api.mjs (git-ignored).
      'apps/console/src/api/generated/**',
      'tools/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:intake', onlyDependOnLibsWithTags: ['scope:intake', 'scope:shared'] },
            { sourceTag: 'scope:casework', onlyDependOnLibsWithTags: ['scope:casework', 'scope:shared'] },
            { sourceTag: 'scope:reporting', onlyDependOnLibsWithTags: ['scope:reporting', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The console talks to the services only through their generated API client.
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:data-access'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:data-access'],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:data-access'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:data-access', 'type:platform'],
            },
          ],
        },
      ],
    },
  },
  {
    // Domain code is pure: no framework, no database, no broker (event-sourcing rule 1).
    files: ['apps/*/src/**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', '@cp/event-store', '@cp/messaging'] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'time comes in on the command (metadata.now)',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'time comes in on the command (metadata.now)',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'ids come in on the command',
        },
      ],
    },
  },
  {
    // Casework's shared domain core imports only @cp/contracts, its own files and the stages' decisions:
    // an allowlist, so no framework, clock, database or app code creeps in (docs/adr/0006-service-layout-by-stage.md).
    files: ['apps/casework/src/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!@cp/contracts$|\\./[^/]+$|\\.\\./stages/[^/]+/domain/[^/]+$)',
              message: 'casework domain code imports only @cp/contracts and casework domain files',
            },
          ],
        },
      ],
    },
  },
  {
    // A stage's decisions: @cp/contracts, the shared domain core and the stage's own domain files only
    // (so never another stage).
    files: ['apps/casework/src/stages/*/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!@cp/contracts$|\\./[^/]+$|\\.\\./\\.\\./\\.\\./domain/[^/]+$)',
              message:
                'a stage decides with @cp/contracts, apps/casework/src/domain and its own domain files only',
            },
          ],
        },
      ],
    },
  },
  {
    // Stage folders never import each other: what two stages share lives in the domain core or in http/.
    files: ['apps/casework/src/stages/*/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\./)|/stages/',
              message: 'a stage does not import another stage (shared code goes to domain/ or http/)',
            },
          ],
        },
      ],
    },
  },
  {
    // Routes only from the one table of step paths (STEP_PATHS, through stepRoute): no literal in a
    // stage controller's @Post/@Put/@Patch/@Delete. A step's endpoint is @StepEndpoint(<command>), which
    // takes the command type only and builds its @Post from stepRoute.
    files: ['apps/casework/src/stages/**/*.controller.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Decorator > CallExpression[callee.name=/^(Post|Put|Patch|Delete)$/] > :matches(Literal, TemplateLiteral)',
          message: 'a step route comes from STEP_PATHS: use @StepEndpoint(<command>) or stepRoute(<command>)',
        },
      ],
    },
  },
  {
    // intake: its domain (the shared core, domain/, and each stage's domain/) is an allowlist — the
    // contracts and intake's own domain folders, nothing else (no framework, no store, no other folder).
    files: ['apps/intake/src/**/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Allowed: @cp/contracts; the same folder; from a stage's domain/, the shared domain/; from
              // the shared domain/, a stage's domain/ (the decider's table).
              regex:
                '^(?!@cp/contracts$|\\./[^/]+$|\\.\\./\\.\\./\\.\\./domain/[^/]+$|\\.\\./stages/[^/]+/domain/[^/]+$)',
              message: "intake's domain imports only @cp/contracts and intake's own domain folders.",
            },
          ],
        },
      ],
    },
  },
  {
    // intake: a stage of the hotline's work never reaches into another stage (shared code lives in
    // domain/, write/, read/, access/, http/); a stage's own domain/ is held by the allowlist above.
    files: ['apps/intake/src/stages/**/*.ts'],
    ignores: ['**/*.spec.ts', 'apps/intake/src/stages/*/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // '../x' from stages/<stage>/ is another stage; so is any path through stages/.
              regex: '^(\\.\\./(?!\\.\\./)|(\\.\\./)+stages/)',
              message: 'a stage imports no other stage: move what they share to domain/, write/ or read/.',
            },
          ],
        },
      ],
    },
  },
  {
    // No non-spec file of an application passes 400 lines: small enough to read whole (split along the code's
    // own seams; docs/adr/0006-service-layout-by-stage.md).
    files: ['apps/**/*.ts', 'apps/**/*.tsx'],
    // The console's API client is generated from the services' OpenAPI documents (npm run console:api).
    ignores: ['**/*.spec.ts', 'apps/console/src/api/generated/**'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    // The console (React): the rules of hooks; its services are reached over HTTP only.
    files: ['apps/console/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Specs, end-to-end tests and benchmarks may use the testing helpers of any project.
    files: ['**/*.spec.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'libs/testing/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      '@nx/enforce-module-boundaries': 'off',
    },
  },
  {
    // A focused or skipped test shrinks the suite without failing it (scripts/test-summary.mjs also fails a
    // run with a pending test, or fewer passed tests than tests/test-floor.json).
    files: ['**/*.spec.ts', 'tests/**/*.ts'],
    plugins: { jest },
    rules: { 'jest/no-focused-tests': 'error', 'jest/no-disabled-tests': 'error' },
  },
  {
    // Playwright's `test` is imported from @playwright/test, which the jest rules do not follow.
    files: ['tests/browser/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.name='test'][property.name=/^(only|skip|fixme)$/], MemberExpression[object.object.name='test'][object.property.name='describe'][property.name=/^(only|skip|fixme)$/]",
          message: 'a focused, skipped or fixme test shrinks the suite: run every test',
        },
      ],
    },
  },
  {
    // A library is used by the applications, never the other way round: nothing under libs/ imports apps/
    // (the specs that check the applications against a library's table live under tests/).
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)apps/',
              message: 'a library must not import an application (put a spec that needs one under tests/)',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
