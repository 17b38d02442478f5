/**
 * The thread that validates and commits ledger imports (issue 12 pt 5: "safe to run while the service serves").
 *
 * Reading a workbook, normalising 100,000 rows, sealing their personal values and computing their clocks is seconds
 * of JavaScript; on the thread that answers requests it would hold every read behind it. So ImportRunner starts this
 * script as a worker thread of the same process: it builds the application's modules without an HTTP server, with
 * its own small pool, and runs each step it is sent through the same ImportsService code (runStep), so an import in
 * the worker is exactly an import inline. Its background jobs are off (the main thread runs them), and it never
 * starts a worker of its own (IMPORT_WORKER_THREAD=false here).
 *
 * Messages: the parent sends `{ type: 'run', id, step }` and `{ type: 'stop' }`; this thread answers
 * `{ type: 'ready' }` once, then `{ type: 'done', id, error? }` for each step.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { parentPort, workerData } from 'node:worker_threads';
import { AppModule } from '../app.module';
import { Env } from '../config/env';
import type { ImportStep } from './import-step';
import { ImportsService } from './imports.service';

export interface ImportWorkerData {
  /** The parent's configuration, as loaded (a structured clone of its Env). */
  env: Env;
  databaseUrl: string;
}

export type ToImportWorker = { type: 'run'; id: number; step: ImportStep } | { type: 'stop' };
export type FromImportWorker = { type: 'ready' } | { type: 'done'; id: number; error?: string };

/** What the worker changes in the parent's configuration: no second copy of the background jobs, no nested worker. */
export function importWorkerEnv(env: Env): Env {
  return Object.assign(new Env(), env, {
    IMPORT_WORKER_THREAD: false,
    // One connection writes the batches; the other serves the job's own reads (file, existing numbers, progress).
    DB_POOL_SIZE: 2,
    // The batches are written to the primary; nothing here reads from a replica.
    DATABASE_READ_URL: '',
    DEEMED_ACCEPTANCE_INTERVAL_SECONDS: 0,
    DEADLINE_EVENTS_INTERVAL_SECONDS: 0,
    WEBHOOK_DISPATCH_INTERVAL_MS: 0,
    IDEMPOTENCY_PURGE_INTERVAL_SECONDS: 0,
    DOCS_ENABLED: false,
  });
}

async function run(): Promise<void> {
  const port = parentPort;
  if (port === null) {
    throw new Error('import-worker runs as a worker thread (ImportRunner starts it)');
  }
  const data = workerData as ImportWorkerData;
  const env = importWorkerEnv(data.env);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ env, databaseUrl: data.databaseUrl }), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const imports = app.get(ImportsService);
  let running = Promise.resolve();
  port.on('message', (message: ToImportWorker) => {
    if (message.type === 'stop') {
      imports.stop();
      // After the step in flight has ended (its batch committed or rolled back), the connections close.
      void running.finally(async () => {
        await app.close();
        // Ends this thread only (not the process), whatever handle a logger destination still holds.
        process.exit(0);
      });
      return;
    }
    running = running.then(async () => {
      try {
        await imports.runStep(message.step);
        port.postMessage({ type: 'done', id: message.id } satisfies FromImportWorker);
      } catch (error) {
        port.postMessage({
          type: 'done',
          id: message.id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies FromImportWorker);
      }
    });
  });
  port.postMessage({ type: 'ready' } satisfies FromImportWorker);
}

// A failed start rejects here, which ends the thread with the error: the parent sees it ('error', then 'exit') and
// fails the steps it sent.
void run();
