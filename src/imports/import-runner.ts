import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { Env } from '../config/env';
import type { ImportStep } from './import-step';
import { IMPORT_WORKER_MARK } from './import-thread';
import type { FromImportWorker, ImportWorkerData, SafeStepError, ToImportWorker } from './import-worker';

/** An idle worker thread ends after this long; the next import starts a new one (about a second). */
export const IMPORT_WORKER_IDLE_MS = 60_000;
/**
 * How long a stopping worker may take to end its step (a commit ends after its batch) before it is terminated (its
 * open batch then rolls back). Under main.ts's 20 s shutdown deadline, so that the job's FAILED is still written.
 */
export const IMPORT_WORKER_STOP_MS = 15_000;

/** The worker's young generation (V8 semi-spaces), in MB. */
const IMPORT_WORKER_YOUNG_GENERATION_MB = 64;

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** One worker thread and the steps it holds: a thread that ends fails its own steps, never a successor's. */
interface WorkerHandle {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, Pending>;
  exited: Promise<void>;
  stopping: boolean;
}

/** A step's failure as the worker reported it: the logged form (safeError), never the raw message of a driver. */
export class ImportStepError extends Error {
  constructor(reported: SafeStepError) {
    super(reported.message);
    this.name = reported.type;
    this.stack = reported.stack ?? `${reported.type}: ${reported.message}`;
  }
}

/**
 * Runs the background steps of ledger imports on one worker thread (src/imports/import-worker.ts), started at the
 * first step and ended when idle, so that the thread answering requests never parses, seals or computes an import's
 * rows (issue 12 pt 5). With IMPORT_WORKER_THREAD=false (`enabled` false) ImportsService runs the steps inline.
 * Steps run one after the other on the thread: a second import waits until the first one's step has ended.
 * A thread that dies (out of memory, a crash) fails every step it held; ImportsService marks their jobs FAILED.
 */
@Injectable()
export class ImportRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportRunner.name);
  private current: WorkerHandle | null = null;
  /** Threads asked to stop that may not have exited yet. */
  private readonly stopped = new Set<WorkerHandle>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly env: Env,
    private readonly dataSource: DataSource,
  ) {}

  /** The running worker thread's id (null when none runs). */
  get threadId(): number | null {
    return this.current?.worker.threadId ?? null;
  }

  /** Whether steps go to the worker thread (else the caller runs them inline). */
  get enabled(): boolean {
    return this.env.IMPORT_WORKER_THREAD;
  }

  async run(step: ImportStep): Promise<void> {
    const handle = this.start();
    this.clearIdle();
    const id = this.nextId++;
    try {
      await handle.ready;
      await new Promise<void>((resolve, reject) => {
        handle.pending.set(id, { resolve, reject });
        handle.worker.postMessage({ type: 'run', id, step } satisfies ToImportWorker);
      });
    } finally {
      handle.pending.delete(id);
      if (handle.pending.size === 0 && this.current === handle) {
        this.idleTimer = setTimeout(() => void this.stopWorker(), IMPORT_WORKER_IDLE_MS);
        this.idleTimer.unref();
      }
    }
  }

  /** The step in flight ends (a commit after its batch), then the thread closes its connections and exits. */
  async onApplicationShutdown(): Promise<void> {
    await this.stopWorker();
  }

  /**
   * Asks the thread to stop: a commit ends after its current batch, a validation at its next check, a queued step
   * is answered at once; then the thread closes its connections and exits. Resolves when every thread asked to stop
   * has exited; one that takes longer than IMPORT_WORKER_STOP_MS is terminated (its open batch rolls back).
   */
  async stopWorker(): Promise<void> {
    this.clearIdle();
    const handle = this.current;
    if (handle) {
      this.current = null;
      handle.stopping = true;
      this.stopped.add(handle);
      const timer = setTimeout(() => void handle.worker.terminate(), IMPORT_WORKER_STOP_MS);
      timer.unref();
      void handle.exited.then(() => {
        clearTimeout(timer);
        this.stopped.delete(handle);
      });
      handle.worker.postMessage({ type: 'stop' } satisfies ToImportWorker);
    }
    await Promise.all([...this.stopped].map((h) => h.exited));
  }

  private start(): WorkerHandle {
    if (this.current) {
      return this.current;
    }
    const { file, execArgv } = workerScript();
    const data: ImportWorkerData = {
      mark: IMPORT_WORKER_MARK,
      env: { ...this.env },
      databaseUrl: databaseUrlOf(this.dataSource),
    };
    const worker = new Worker(file, {
      workerData: data,
      execArgv,
      // A batch allocates tens of megabytes of short-lived objects (rows, JSON, ciphertexts): a young generation
      // larger than the request thread's (npm start's --max-semi-space-size=4) collects them less often.
      resourceLimits: { maxYoungGenerationSizeMb: IMPORT_WORKER_YOUNG_GENERATION_MB },
    });
    const pending = new Map<number, Pending>();
    const failAll = (error: Error) => {
      for (const p of pending.values()) {
        p.reject(error);
      }
      pending.clear();
    };
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (message: FromImportWorker) =>
        message.type === 'ready' ? resolve() : reject(new Error('the import worker did not start')),
      );
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the import worker exited (code ${code}) while starting`)));
    });
    // A failed start is reported by run(), step by step; unobserved here it would be an unhandled rejection.
    ready.catch(() => undefined);
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const handle: WorkerHandle = { worker, ready, pending, exited, stopping: false };
    worker.on('message', (message: FromImportWorker) => {
      if (message.type !== 'done') {
        return;
      }
      const p = pending.get(message.id);
      if (message.error === undefined) {
        p?.resolve();
      } else {
        p?.reject(new ImportStepError(message.error));
      }
    });
    worker.on('error', (error) => {
      this.logger.error({ err: error }, 'the ledger import worker failed');
      failAll(error);
    });
    worker.on('exit', (code) => {
      if (this.current === handle) {
        this.current = null;
      }
      failAll(new Error(`the import worker thread ended (exit code ${code}) before the step finished`));
    });
    this.current = handle;
    return handle;
  }

  private clearIdle(): void {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
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
