/**
 * The thread that validates and commits ledger imports (issue 12 pt 5: "safe to run while the service serves").
 *
 * Reading a workbook, normalising 100,000 rows, sealing their personal values and computing their clocks is seconds
 * of JavaScript; on the thread that answers requests it would hold every read behind it. So ImportRunner starts this
 * script as a worker thread of the same process: it builds the application's modules without an HTTP server, with
 * its own small pool, and runs each step it is sent through the same ImportsService code (runStep), so an import in
 * the worker is exactly an import inline. Its scheduled jobs are off (deemed acceptance, deadline events, webhook
 * delivery, the idempotency purge: the main thread runs them; only the rate limiter's idempotent purge of idle
 * counters also runs here), and it never starts a worker of its own (IMPORT_WORKER_THREAD=false here).
 *
 * Messages: the parent sends `{ type: 'run', id, step }` and `{ type: 'stop' }`; this thread answers
 * `{ type: 'ready' }` once, then `{ type: 'done', id, error? }` for each step.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { parentPort, workerData } from 'node:worker_threads';
import { AppModule } from '../app.module';
import { safeError } from '../common/logging/logging';
import { Env } from '../config/env';
import type { ImportStep } from './import-step';
import { ImportsService } from './imports.service';

export interface ImportWorkerData {
  /** IMPORT_WORKER_MARK: this thread is the import worker (onImportWorkerThread). */
  mark: string;
  /** The parent's configuration, as loaded (a structured clone of its Env). */
  env: Env;
  databaseUrl: string;
}

/** A failed step as this thread reports it: the logged form of the error (safeError), so no driver's message with a
 * rejected value in it (a personal one, perhaps) crosses to the parent, its log or the job's failure text. */
export interface SafeStepError {
  type: string;
  message: string;
  stack?: string;
}

export type ToImportWorker = { type: 'run'; id: number; step: ImportStep } | { type: 'stop' };
export type FromImportWorker = { type: 'ready' } | { type: 'done'; id: number; error?: SafeStepError };

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
  const done = (id: number, error?: unknown) =>
    port.postMessage({
      type: 'done',
      id,
      ...(error === undefined ? {} : { error: stepError(error) }),
    } satisfies FromImportWorker);
  let stopped = false;
  let running = Promise.resolve();
  port.on('message', (message: ToImportWorker) => {
    if (message.type === 'stop') {
      stopped = true;
      imports.stop();
      // After the step in flight has ended (its batch committed or rolled back), the connections close.
      void running.finally(async () => {
        await app.close();
        // Ends this thread only (not the process), whatever handle a logger destination still holds.
        process.exit(0);
      });
      return;
    }
    if (stopped) {
      done(message.id, new Error('the service is stopping: the import was not started; try again once it runs'));
      return;
    }
    running = running.then(async () => {
      if (stopped) {
        // Queued behind the step that was running when the service began to stop.
        done(message.id, new Error('the service stopped before the import step started; upload the file again'));
        return;
      }
      try {
        await imports.runStep(message.step);
        done(message.id);
      } catch (error) {
        done(message.id, error);
      }
    });
  });
  port.postMessage({ type: 'ready' } satisfies FromImportWorker);
}

function stepError(error: unknown): SafeStepError {
  const safe = safeError(error);
  return {
    type: String(safe.type),
    message: String(safe.message),
    ...(typeof safe.stack === 'string' ? { stack: safe.stack } : {}),
  };
}

// A failed start rejects here, which ends the thread with the error: the parent sees it ('error', then 'exit') and
// fails the steps it sent.
void run();
