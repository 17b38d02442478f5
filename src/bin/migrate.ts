import 'reflect-metadata';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnv } from '../config/env';
import { openDatabase } from '../database/database-bootstrap';
import { createDataSource, runMigrations } from '../database/data-source';
import { startEmbeddedPostgres } from '../database/embedded-postgres';

const MIGRATIONS_DIR = path.resolve(__dirname, '../../../migrations');

/**
 * Migration commands:
 *   run                 apply pending migrations (DATABASE_URL, or the embedded server's data dir)
 *   revert              undo the last migration
 *   generate <Name>     write migrations/<timestamp>-<Name>.ts from the difference between entities and migrations
 *   check               exit 1 if the entities need a migration that does not exist (CI's drift check)
 * generate/check compare against a throwaway database (a temporary embedded cluster unless DATABASE_URL is set),
 * migrated from scratch, so the developer's own data never influences the result.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const env = loadEnv();
  if (command === 'run' || command === 'revert') {
    const db = await openDatabase(env, (m) => process.stdout.write(`${m}\n`));
    try {
      if (command === 'run') {
        const applied = await runMigrations(db.url);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'nothing to apply\n');
      } else {
        const ds = createDataSource({ url: db.url, poolSize: 2 });
        await ds.initialize();
        await ds.undoLastMigration({ transaction: 'each' });
        await ds.destroy();
        process.stdout.write('reverted the last migration\n');
      }
    } finally {
      await db.stop();
    }
    return;
  }
  if (command !== 'generate' && command !== 'check') {
    throw new Error('usage: migrate run | revert | generate <Name> | check');
  }
  if (command === 'generate' && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
    throw new Error('usage: npm run migration:generate -- <PascalCaseName>');
  }
  const { up, down } = await pendingSchemaChanges(env.DATABASE_URL, env.PG_BIN_DIR);
  if (command === 'check') {
    if (up.length > 0) {
      process.stderr.write(
        `Entities and migrations disagree; a migration would run:\n${up.map((q) => `  ${q};`).join('\n')}\n`,
      );
      process.stderr.write('Run `npm run migration:generate -- <Name>` and commit the result.\n');
      process.exit(1);
    }
    process.stdout.write('No migration drift: entities match migrations.\n');
    return;
  }
  if (up.length === 0) {
    process.stdout.write('No changes in the entities; no migration written.\n');
    return;
  }
  const timestamp = Date.now();
  const className = `${name as string}${timestamp}`;
  const file = path.join(MIGRATIONS_DIR, `${timestamp}-${name as string}.ts`);
  const body = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  const source = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${body(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${body(down)}
  }
}
`;
  // prettier is a dev dependency: load it only for `generate`, so `run` works in a pruned production image.
  const { format } = await import('prettier');
  writeFileSync(
    file,
    await format(source, { parser: 'typescript', singleQuote: true, trailingComma: 'all', printWidth: 120 }),
  );
  registerInIndex(path.basename(file, '.ts'), className);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)} and listed it in migrations/index.ts\n`);
}

async function pendingSchemaChanges(
  databaseUrl: string | undefined,
  binDir: string | undefined,
): Promise<{ up: string[]; down: string[] }> {
  let url = databaseUrl;
  let cleanup = async (): Promise<void> => undefined;
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reconsideration-migrate-'));
    chmodSync(dir, 0o755); // as root, PostgreSQL runs as another account that must be able to enter it
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      throwaway: true,
      ...(binDir ? { binDir } : {}),
    });
    url = server.url;
    cleanup = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await runMigrations(url);
    const ds = createDataSource({ url, poolSize: 2 });
    await ds.initialize();
    const sql = await ds.driver.createSchemaBuilder().log();
    await ds.destroy();
    return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query).reverse() };
  } finally {
    await cleanup();
  }
}

function registerInIndex(fileBase: string, className: string): void {
  const indexFile = path.join(MIGRATIONS_DIR, 'index.ts');
  let index = readFileSync(indexFile, 'utf8');
  index = `import { ${className} } from './${fileBase}';\n${index}`;
  index = index.replace(/export const ALL_MIGRATIONS: Function\[\] = \[([\s\S]*?)\];/, (_m, list: string) => {
    const items = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    items.push(className);
    return `export const ALL_MIGRATIONS: Function[] = [${items.join(', ')}];`;
  });
  writeFileSync(indexFile, index);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
