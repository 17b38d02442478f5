import 'reflect-metadata';
import { PersonalDataCipher } from '../personal-data/personal-data-cipher';
import {
  DEFAULT_ROTATION_BATCH,
  PersonalDataKeyRotation,
  UnknownRotationKeyError,
} from '../personal-data/personal-data-key-rotation';
import { parseArguments, parseBatchArguments, withVaultDatabase } from './command-line';

const USAGE = `usage: rotate-key [--batch N]

Re-encrypts every personal-data vault row that is not sealed under the current key (the first of
PERSONAL_DATA_KEYS, or of the key file) and leaves the others as they are. Safe while the service runs, and
when started twice. Rotate: put the new key first, restart the service, run this, then drop the old key.
  --batch N   rows per transaction (default ${DEFAULT_ROTATION_BATCH})
Uses DATABASE_URL, or the embedded PostgreSQL when it is unset. Exit status: 0 every row is under the current
key, 1 a row's key is not configured (named) or the run failed, 2 rows were still locked at the end (run again),
64 bad usage, 78 invalid configuration.`;

const EXIT = { OK: 0, FAILED: 1, INCOMPLETE: 2, USAGE: 64, CONFIG: 78 } as const;

async function main(argv: string[]): Promise<number> {
  const cli = parseArguments(argv, (args) => parseBatchArguments(args, DEFAULT_ROTATION_BATCH), USAGE);
  if (typeof cli === 'number') {
    return cli;
  }
  return withVaultDatabase('reconsideration-rotate-key', async (dataSource, ring) => {
    try {
      const rotation = new PersonalDataKeyRotation(dataSource, new PersonalDataCipher(ring));
      const pending = await rotation.pendingByKey();
      const total = [...pending.values()].reduce((a, b) => a + b, 0);
      const under = [...pending].map(([id, n]) => `${n} under "${id}"`).join(', ');
      process.stdout.write(
        `current key "${ring.currentKeyId}" (${ring.source}); ${total} row(s) to re-encrypt${total ? `: ${under}` : ''}\n`,
      );
      const result = await rotation.run({
        batchSize: cli.batch,
        onBatch: ({ rotated }) => process.stdout.write(`  re-encrypted ${rotated} of ${total}\n`),
      });
      process.stdout.write(`re-encrypted ${result.rotated} row(s) under key "${result.keyId}"\n`);
      if (result.remaining > 0) {
        process.stderr.write(
          `${result.remaining} row(s) are still under other keys: other transactions held them; run again\n`,
        );
        return EXIT.INCOMPLETE;
      }
      process.stdout.write('every vault row is under the current key; the older keys may now be removed\n');
      return EXIT.OK;
    } catch (error) {
      if (error instanceof UnknownRotationKeyError) {
        process.stderr.write(`${error.message}\n`);
        return EXIT.FAILED;
      }
      throw error;
    }
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`rotate-key failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(EXIT.FAILED);
    },
  );
}
