/**
 * Fixed personal-data keys for tests and the fault tests' service processes, so that no test run ever generates a
 * key file. Test-only values: never use them for real data.
 */
export const TEST_PERSONAL_DATA_KEY_ID = 'test1';
export const TEST_PERSONAL_DATA_KEYS = `${TEST_PERSONAL_DATA_KEY_ID}:HGfDN+/WTDZsrCM27oxkjBVbjMvhuxprwnGitSXZpMI=`;
export const TEST_PERSONAL_DATA_INDEX_KEY = '6crp/mggFUdQirbxf6nQ60p2r+Oms4X61b5EFtVM+Ro=';

export const TEST_PERSONAL_DATA_ENV = {
  PERSONAL_DATA_KEYS: TEST_PERSONAL_DATA_KEYS,
  PERSONAL_DATA_INDEX_KEY: TEST_PERSONAL_DATA_INDEX_KEY,
} as const;
