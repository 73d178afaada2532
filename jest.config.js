// Three levels (docs/performance.md for the benchmarks): pure unit specs, integration specs against real PostgreSQL and
// Kafka, and end-to-end specs that drive the running services over HTTP.
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@cp/(.*)$': '<rootDir>/libs/$1/src/index.ts',
};
const common = {
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/libs/testing/src/development-mode.ts'],
};

module.exports = {
  // Per-project testTimeout is not honoured by Jest; integration/e2e need the longer limit.
  testTimeout: 180000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
        // Specs of the whole system that need no running service: the access matrix against the three
        // applications' routes (a library may not import them), and the scripts' own specs.
        '<rootDir>/tests/contract/**/*.spec.ts',
        '<rootDir>/tests/scripts/**/*.spec.ts',
      ],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '/node_modules/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/**/*.int.spec.ts', '<rootDir>/libs/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
    },
  ],
};
