import type { Actor } from '../auth/roles';

/**
 * One background step of a ledger import, as plain data: ImportRunner hands it to the import worker thread (a
 * structured clone), which loads the job, its organ and its file by id and runs it (ImportsService.runStep).
 */
export type ImportStep = { kind: 'VALIDATE'; jobId: string } | { kind: 'COMMIT'; jobId: string; actor: Actor };
