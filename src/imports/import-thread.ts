import { isMainThread, workerData } from 'node:worker_threads';

/** What ImportRunner puts in the import worker's workerData, beside its own fields, to mark the thread as the one. */
export const IMPORT_WORKER_MARK = 'reconsideration-import-worker';

/**
 * Whether this thread is the ledger import's worker thread (started by ImportRunner), told by the mark it was given,
 * not merely by not being the main thread.
 */
export const onImportWorkerThread: boolean =
  !isMainThread && (workerData as { mark?: unknown } | null)?.mark === IMPORT_WORKER_MARK;
