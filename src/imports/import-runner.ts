import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { Env } from '../config/env';
import type { ImportStep } from './import-step';
import type { FromImportWorker, ImportWorkerData, ToImportWorker } from './import-worker';

/** An idle worker thread ends after this long; the next import starts a new one (about a second). */
export const IMPORT_WORKER_IDLE_MS = 60_000;

/** The worker's young generation (V8 semi-spaces), in MB. */
const IMPORT_WORKER_YOUNG_GENERATION_MB = 64;

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Runs the background steps of ledger imports on one worker thread (src/imports/import-worker.ts), started at the
 * first step and ended when idle, so that the thread answering requests never parses, seals or computes an import's
 * rows (issue 12 pt 5). With IMPORT_WORKER_THREAD=false it returns null and ImportsService runs the step inline.
 * A thread that dies (out of memory, a crash) fails every step it held; ImportsService marks their jobs FAILED.
 */
@Injectable()
export class ImportRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportRunner.name);
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Resolves when the last thread asked to stop has exited. */
  private exited: Promise<void> | null = null;

  constructor(
    private readonly env: Env,
    private readonly dataSource: DataSource,
  ) {}

  /** The running worker thread's id (null when none runs). */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  /** Whether steps go to the worker thread (else the caller runs them inline). */
  get enabled(): boolean {
    return this.env.IMPORT_WORKER_THREAD;
  }

  async run(step: ImportStep): Promise<void> {
    const worker = this.start();
    await this.ready;
    this.clearIdle();
    const id = this.nextId++;
    try {
      await new Promise<void>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'run', id, step } satisfies ToImportWorker);
      });
    } finally {
      this.pending.delete(id);
      if (this.pending.size === 0 && this.worker === worker) {
        this.idleTimer = setTimeout(() => void this.stopWorker(), IMPORT_WORKER_IDLE_MS);
        this.idleTimer.unref();
      }
    }
  }

  /** The step in flight ends (its batch commits or rolls back), then the thread closes its connections and exits. */
  async onApplicationShutdown(): Promise<void> {
    await this.stopWorker();
  }

  private start(): Worker {
    if (this.worker) {
      return this.worker;
    }
    const { file, execArgv } = workerScript();
    const data: ImportWorkerData = { env: { ...this.env }, databaseUrl: databaseUrlOf(this.dataSource) };
    const worker = new Worker(file, {
      workerData: data,
      execArgv,
      // A batch allocates tens of megabytes of short-lived objects (rows, JSON, ciphertexts): a young generation
      // larger than the request thread's (npm start's --max-semi-space-size=4) collects them less often.
      resourceLimits: { maxYoungGenerationSizeMb: IMPORT_WORKER_YOUNG_GENERATION_MB },
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (message: FromImportWorker) =>
        message.type === 'ready' ? resolve() : reject(new Error('the import worker did not start')),
      );
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the import worker exited (code ${code}) while starting`)));
    });
    // Unhandled here, a failed start would be an unhandled rejection; run() awaits it and reports it per step.
    this.ready.catch(() => undefined);
    worker.on('message', (message: FromImportWorker) => {
      if (message.type !== 'done') {
        return;
      }
      const pending = this.pending.get(message.id);
      if (message.error === undefined) {
        pending?.resolve();
      } else {
        pending?.reject(new Error(message.error));
      }
    });
    worker.on('error', (error) => {
      this.logger.error({ err: error }, 'the ledger import worker failed');
      this.failAll(error);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.worker = null;
        this.ready = null;
      }
      this.failAll(new Error(`the import worker thread ended (exit code ${code}) before the step finished`));
    });
    return worker;
  }

  /**
   * Asks the thread to stop: a commit ends after its current batch, then the thread closes its connections and
   * exits. Resolves when it has; one that does not end within a minute is terminated (its open batch rolls back).
   */
  stopWorker(): Promise<void> {
    this.clearIdle();
    const worker = this.worker;
    if (!worker) {
      return this.exited ?? Promise.resolve();
    }
    this.worker = null;
    this.ready = null;
    const timer = setTimeout(() => void worker.terminate(), 60_000);
    timer.unref();
    this.exited = new Promise<void>((resolve) =>
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      }),
    );
    worker.postMessage({ type: 'stop' } satisfies ToImportWorker);
    return this.exited;
  }

  private clearIdle(): void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) {
      pending.reject(error);
    }
    this.pending.clear();
  }
}

/**
 * The worker's script: the compiled import-worker.js beside this file, or, when this file is TypeScript (the test
 * suite runs the sources through ts-jest), import-worker.ts through ts-node's transpiler.
 */
function workerScript(): { file: string; execArgv: string[] } {
  // No execArgv of the process: V8's flags (npm start's --max-semi-space-size) are the process's already, and a
  // worker refuses them.
  const js = path.join(__dirname, 'import-worker.js');
  if (existsSync(js)) {
    return { file: js, execArgv: [] };
  }
  return { file: path.join(__dirname, 'import-worker.ts'), execArgv: ['--require', 'ts-node/register/transpile-only'] };
}

function databaseUrlOf(dataSource: DataSource): string {
  const url = (dataSource.options as { url?: string }).url;
  if (!url) {
    throw new Error('the import worker needs the database URL the service connected with');
  }
  return url;
}
