// Fault-injection tests (issue 6 §3–4): test/faults/*.e2e-spec.ts spawn REAL service processes
// (`node dist/src/main.js`), so run them after a build: `npm run test:faults` = `npm run build && jest -c jest.faults.config.js`.
// They share the throwaway PostgreSQL of the normal suite's globalSetup; the outage test starts its own cluster.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testRegex: 'test/faults/.*\\.e2e-spec\\.ts$',
  // Explicit, so that an ignore pattern for test/faults in jest.config.js (to keep them out of `npm test`) is not inherited.
  testPathIgnorePatterns: ['/node_modules/'],
  // Each file runs several service processes (and PostgreSQL clusters); two files at once is the most that stays fast.
  maxWorkers: 2,
  testTimeout: 180000,
};
