import 'reflect-metadata';
import { LegacySealing } from '../cases/legacy-sealing';
import { PersonalDataCipher } from '../personal-data/personal-data-cipher';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { PersonalDatumRepository } from '../personal-data/personal-datum.repository';
import { parseArguments, parseBatchArguments, withVaultDatabase } from './command-line';

const USAGE = `usage: seal-legacy [--batch N]

Moves personal values written before the personal-data vault existed (names, ID numbers, phones, addresses in
case rows and in their REGISTER / EDIT history) into the vault, encrypted under the current key, and drops stored
idempotent responses that hold them in clear. Run it once after upgrading, as the database owner (it lifts the
append-only guard of case_event inside its own transactions only). Safe to run again: sealed values are kept.
  --batch N   cases per transaction (default 100)
Uses DATABASE_URL, or the embedded PostgreSQL when it is unset. Exit status: 0 done, 1 failed, 64 bad usage,
78 invalid configuration.`;

async function main(argv: string[]): Promise<number> {
  const cli = parseArguments(argv, (args) => parseBatchArguments(args, 100), USAGE);
  if (typeof cli === 'number') {
    return cli;
  }
  return withVaultDatabase('reconsideration-seal-legacy', async (dataSource, ring) => {
    const vault = new PersonalDataVault(new PersonalDataCipher(ring), new PersonalDatumRepository());
    const result = await new LegacySealing(dataSource, vault).run({
      batchSize: cli.batch,
      onBatch: (done) => process.stdout.write(`  sealed ${done} case(s) so far\n`),
    });
    process.stdout.write(
      `sealed ${result.values} value(s) of ${result.cases} case(s) and ${result.events} event(s) under key "${ring.currentKeyId}"; dropped ${result.idempotencyRecords} stored response(s)\n`,
    );
    return 0;
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`seal-legacy failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
