import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AppModule } from '../app.module';
import { buildOpenApiDocument, configureApp } from '../app.setup';
import { loadEnv } from '../config/env';

/**
 * `npm run openapi` writes openapi/openapi.json from the code; `--check` fails when the committed file differs.
 * Nest's preview mode scans modules and controllers without instantiating providers, so no database is needed.
 */
export async function generateOpenApiJson(): Promise<string> {
  const env = loadEnv({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ env, databaseUrl: 'postgres://openapi@127.0.0.1:1/unused' }),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  configureApp(app);
  const document = buildOpenApiDocument(app);
  await app.close();
  return `${JSON.stringify(sortKeys(document, 0), null, 2)}\n`;
}

/** Sorts paths and component schemas by name (top two levels), so the file diffs cleanly and never reorders by chance. */
function sortKeys(value: unknown, depth: number): unknown {
  if (depth > 2 || typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const sorted = depth === 0 ? entries : [...entries].sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(
    sorted.map(([k, v]) => [k, k === 'paths' || k === 'components' || k === 'schemas' ? sortKeys(v, depth + 1) : v]),
  );
}

async function main(): Promise<void> {
  const target = path.resolve(__dirname, '../../../openapi/openapi.json');
  const json = await generateOpenApiJson();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      // missing file counts as drift
    }
    if (committed !== json) {
      process.stderr.write('openapi/openapi.json is out of date with the code: run `npm run openapi` and commit it.\n');
      process.exit(1);
    }
    process.stdout.write('openapi/openapi.json matches the code.\n');
    return;
  }
  writeFileSync(target, json);
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    process.exit(1);
  });
}
