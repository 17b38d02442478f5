import Busboy from '@fastify/busboy';
import { ProblemException } from '../common/errors/problem.exception';

/** The one route that takes a multipart body (app.setup.ts buffers it, up to IMPORT_MAX_BYTES). */
export const IMPORT_UPLOAD_ROUTE = '/v1/imports';

export interface LedgerUpload {
  filename: string;
  file: Buffer;
  fields: Record<string, string>;
}

/**
 * Splits a buffered multipart/form-data body into the part `file` and the text fields. A body without a file part, or
 * one that is not valid multipart, is the client's mistake: 400 with a code, never a 500.
 */
export function parseLedgerUpload(body: unknown, contentType: string | undefined): Promise<LedgerUpload> {
  if (!Buffer.isBuffer(body) || !contentType) {
    return Promise.reject(uploadProblem('Send the ledger as multipart/form-data with a part named "file".'));
  }
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fields: 10, fieldSize: 1000 } });
    } catch (error) {
      reject(uploadProblem(`The multipart body could not be read: ${(error as Error).message}.`));
      return;
    }
    const fields: Record<string, string> = {};
    let upload: { filename: string; chunks: Buffer[] } | null = null;
    parser.on('file', (name, stream, filename) => {
      if (name !== 'file' || upload !== null) {
        stream.resume();
        return;
      }
      const current = { filename: filename || 'ledger', chunks: [] as Buffer[] };
      upload = current;
      stream.on('data', (chunk: Buffer) => current.chunks.push(chunk));
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('error', (error) => reject(uploadProblem(`The multipart body could not be read: ${String(error)}.`)));
    parser.on('finish', () => {
      const done = upload;
      if (done === null) {
        reject(uploadProblem('The multipart body has no part named "file".'));
        return;
      }
      resolve({ filename: done.filename, file: Buffer.concat(done.chunks), fields });
    });
    parser.end(body);
  });
}

function uploadProblem(detail: string): ProblemException {
  return new ProblemException('VALIDATION_FAILED', detail, {
    errors: [{ path: 'file', code: 'REQUIRED', message: 'a ledger file (XLSX or CSV) in the part "file"' }],
  });
}
