import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { InvalidEnvironmentError, loadEnv } from '../config/env';
import { openDatabase } from '../database/database-bootstrap';
import { createDataSource } from '../database/data-source';
import { PersonalDataKeyRing, loadPersonalDataKeys } from '../personal-data/personal-data-keys';

/** Exit codes the command-line tools share (sysexits.h where one fits). */
export const EXIT_USAGE = 64;
export const EXIT_CONFIG = 78;

/**
 * Parses a tool's arguments: the options, or the exit code once usage has been printed (on `--help`, 0 on stdout;
 * on a bad argument, 64 on stderr with the reason).
 */
export function parseArguments<T>(argv: string[], parse: (argv: string[]) => T | 'help', usage: string): T | number {
  let parsed: T | 'help';
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return EXIT_USAGE;
  }
  if (parsed === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed;
}

/** `[--batch N] [--help]`, the arguments of the vault maintenance tools. */
export function parseBatchArguments(argv: string[], defaultBatch: number): { batch: number } | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { batch: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    return 'help';
  }
  if (positionals.length > 0) {
    throw new TypeError(`unexpected arguments: ${positionals.join(' ')}`);
  }
  const batch = values.batch === undefined ? defaultBatch : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) {
    throw new TypeError('--batch takes a whole number from 1 to 100000');
  }
  return { batch };
}

/**
 * Runs `work` against the service's database (DATABASE_URL, or the embedded one) with the configured personal-data
 * keys, never generating one (a tool must not seal under a key nobody has); 78 on invalid configuration.
 */
export async function withVaultDatabase(
  applicationName: string,
  work: (dataSource: DataSource, ring: PersonalDataKeyRing) => Promise<number>,
): Promise<number> {
  let env;
  let ring;
  try {
    env = loadEnv();
    ring = loadPersonalDataKeys(env, { mayGenerate: false });
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_CONFIG;
    }
    throw error;
  }
  const database = await openDatabase(env, (message) => process.stderr.write(`database: ${message}\n`));
  const dataSource = createDataSource({ url: database.url, poolSize: 2, applicationName });
  try {
    await dataSource.initialize();
    return await work(dataSource, ring);
  } finally {
    if (dataSource.isInitialized) {
      await dataSource.destroy();
    }
    await database.stop();
  }
}
