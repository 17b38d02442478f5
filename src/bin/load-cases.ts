import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import {
  CaseLoaderService,
  CaseLoadResult,
  LoadReport,
  parseRecordedCasesFile,
  RecordedCasesFile,
} from '../cases/case-loader.service';
import { CaseService } from '../cases/case.service';
import { ProblemException } from '../common/errors/problem.exception';
import { InvalidEnvironmentError, loadEnv } from '../config/env';
import { openDatabase } from '../database/database-bootstrap';
import { runMigrations } from '../database/data-source';
import { OrganRepository } from '../organs/organ.repository';
import { loadPersonalDataKeys } from '../personal-data/personal-data-keys';
import { parseArguments } from './command-line';
import { progressWriter } from './progress';

const USAGE = `usage: load-cases <file.json> [--organ CODE] [--dry-run] [--stop-on-error] [--json]

Replays recorded cases through the case service (file format: src/cases/case-loader.service.ts).
  --organ CODE      organ of registrations that name no organId (default: DEFAULT_ORGAN_CODE)
  --dry-run         validate every registration, handler list and action body; write no case
                    (a database that was never migrated is migrated first, as for a load)
  --stop-on-error   stop at the first failed case
  --json            print the report as JSON instead of text
Each case is all or nothing: a case refused at any step leaves no case, no event and no case number used.
Progress goes to stderr: a bar on a terminal, a line every 10 % otherwise. Uses DATABASE_URL, or the embedded PostgreSQL when it is unset. Exit status: 0 all loaded (or valid),
1 a case failed or the load could not run, 64 bad usage, 78 invalid environment, 130 interrupted.`;

const EXIT = { OK: 0, FAILED: 1, USAGE: 64, CONFIG: 78, INTERRUPTED: 130 } as const;

interface CliOptions {
  file: string;
  organ?: string;
  dryRun: boolean;
  stopOnError: boolean;
  json: boolean;
}

function parseCli(argv: string[]): CliOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      organ: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'stop-on-error': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    return 'help';
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) {
    throw new TypeError(file ? `unexpected arguments: ${extra.join(' ')}` : 'name the file to load');
  }
  if (values.organ !== undefined && !/^[A-Z][A-Z0-9_]{1,39}$/.test(values.organ)) {
    throw new TypeError('--organ takes an organ code (UPPER_SNAKE, e.g. TAIQIAN)');
  }
  return {
    file,
    ...(values.organ !== undefined ? { organ: values.organ } : {}),
    dryRun: values['dry-run'],
    stopOnError: values['stop-on-error'],
    json: values.json,
  };
}

function readRecordedCases(file: string): RecordedCasesFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseRecordedCasesFile(json);
}

function describeProblem(problem: ProblemException): string {
  const lines = [`${problem.code}: ${problem.detail}`];
  for (const e of problem.options.errors ?? []) {
    lines.push(`  ${e.path}: ${e.message}`);
  }
  return lines.join('\n');
}

function describeCase(c: CaseLoadResult): string[] {
  const number = c.caseNumber ?? (c.status === 'VALID' ? '' : '(not registered)');
  const head = `  ${c.ref.padEnd(14)} ${c.status.padEnd(14)} ${number}`.trimEnd();
  const progress =
    c.actionsTotal === 0
      ? ''
      : c.status === 'VALID'
        ? ` (${c.actionsTotal} actions)`
        : ` (${c.actionsLoaded}/${c.actionsTotal} actions)`;
  if (!c.failedAt) {
    return [`${head}${c.finalState ? `  ${c.finalState}` : ''}${progress}`];
  }
  const f = c.failedAt;
  const where =
    f.index === null ? (f.action === 'REGISTER' ? 'registration' : 'handlers') : `actions[${f.index}] ${f.action}`;
  const errors = f.errors ?? [];
  // A validation problem's detail only summarises its field list; a rule's detail is its field's message.
  const lines =
    f.code === 'VALIDATION_FAILED' && errors.length > 0
      ? [`${head}  failed at ${where}: ${f.code} (${errors.length} invalid field(s))`]
      : [`${head}  failed at ${where}: ${f.code} — ${f.detail}`];
  for (const e of errors) {
    lines.push(e.message === f.detail ? `      field: ${e.path}` : `      ${e.path}: ${e.message}`);
  }
  if (c.caseNumber) {
    // Loaded by an earlier run: this run's steps were rolled back together, the case stays as that run left it.
    const loaded = c.actionsLoaded > 0 ? `actions[0..${c.actionsLoaded - 1}] loaded` : 'no action loaded';
    lines.push(
      `      nothing of this run was written; the case stays in ${c.finalState ?? 'its last state'} with ${loaded}; correct the file and run it again`,
    );
  } else {
    lines.push('      nothing was written for this case (no case number used); correct the file and run it again');
  }
  return lines;
}

export function formatReport(report: LoadReport): string {
  const lines = [
    `${report.dryRun ? 'Dry run of' : 'Loaded'} ${report.source} as loader:${report.source}`,
    ...report.cases.flatMap(describeCase),
  ];
  if (report.notAttempted.length > 0) {
    lines.push(`  not attempted: ${report.notAttempted.join(', ')}`);
  }
  lines.push(
    report.dryRun
      ? `Summary: ${report.valid} valid, ${report.failed} invalid. Nothing was written.`
      : `Summary: ${report.created} created, ${report.alreadyLoaded} already loaded, ${report.resumed} resumed, ${report.failed} failed.`,
  );
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const cli = parseArguments(argv, parseCli, USAGE);
  if (typeof cli === 'number') {
    return cli;
  }
  const file = readRecordedCases(cli.file);
  let env;
  let personalDataKeys;
  try {
    // No deemed-acceptance job in the loader: a loaded case sits RECEIVED, years old, between its registration and its
    // first recorded act, and the job would accept it underneath (L23 30 ¶3 applies to live cases, not to a transcript).
    env = loadEnv({ ...process.env, DEEMED_ACCEPTANCE_INTERVAL_SECONDS: '0' });
    personalDataKeys = loadPersonalDataKeys(env, { log: (message) => process.stderr.write(`${message}\n`) });
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.CONFIG;
    }
    throw error;
  }
  const database = await openDatabase(env, (message) => process.stderr.write(`database: ${message}\n`));
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | undefined;
  try {
    // A dry run opens the database as a load does, migrations included: the organ of --organ (or DEFAULT_ORGAN_CODE)
    // is a row the migrations seed, so a never-migrated database had no `organ` table to look it up in (issue 12
    // pt 4). Migrating writes no case: it is what the load itself, and the service's start, do first.
    const applied = await runMigrations(database.url);
    if (applied.length > 0) {
      process.stderr.write(`migrations applied: ${applied.join(', ')}\n`);
    }
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ env, databaseUrl: database.url, personalDataKeys }),
      {
        logger: false,
      },
    );
    let organId: string | undefined;
    if (cli.organ !== undefined) {
      const organ = await app.get(OrganRepository).findByCode(cli.organ);
      if (!organ) {
        process.stderr.write(`No reconsideration organ with code ${cli.organ}.\n`);
        return EXIT.FAILED;
      }
      organId = organ.id;
    }
    const loader = new CaseLoaderService(app.get(CaseService));
    const progress = progressWriter(process.stderr, { unit: 'cases' });
    const phase = cli.dryRun ? 'VALIDATE' : 'LOAD';
    let report: LoadReport;
    try {
      report = await loader.load(file, {
        source: path.basename(cli.file),
        ...(organId !== undefined ? { organId } : {}),
        dryRun: cli.dryRun,
        stopOnError: cli.stopOnError,
        signal: interrupt.signal,
        onProgress: (done, total) => progress.update(done, total, phase),
      });
    } finally {
      progress.finish();
    }
    process.stdout.write(cli.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    if (interrupt.signal.aborted && report.notAttempted.length > 0) {
      return EXIT.INTERRUPTED;
    }
    return report.failed > 0 || report.notAttempted.length > 0 ? EXIT.FAILED : EXIT.OK;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    try {
      await app?.close();
    } finally {
      await database.stop();
    }
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof ProblemException ? describeProblem(error) : error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(EXIT.FAILED);
    },
  );
}
