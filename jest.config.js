// Unit tests (src/**/*.spec.ts) and e2e tests (test/**/*.e2e-spec.ts) run in one Jest invocation.
// globalSetup starts one throwaway PostgreSQL (or uses TEST_DATABASE_URL) and migrates a template database;
// each test file clones its own database from that template (test/support/test-database.ts).
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '(src|test|migrations)/.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // After the environment: the hook file registers an afterAll (the log scan), which needs the test framework.
  setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'],
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Fault tests start real service processes from dist/: they run with `npm run test:faults` (jest.faults.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
  maxWorkers: 2,
  testTimeout: 60000,
  watchman: false,
};
