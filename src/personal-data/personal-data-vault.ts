import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { WriteStep } from '../database/write-statement';
import { ProblemException } from '../common/errors/problem.exception';
import { PersonalDataCipher } from './personal-data-cipher';
import { PersonalDatumRepository, SealedRow } from './personal-datum.repository';
import { PersonalValueKind, referencedId, referenceTo, someString } from './personal-values';

/** A personal value as the vault gives it back: null once erased (PIPL 47). */
export interface OpenedValue {
  id: string;
  kind: PersonalValueKind;
  caseId: string;
  organId: string;
  value: string | null;
}

/** References handed out for one case's values, written by PersonalDataVault.store() once the case id is known. */
export class PersonalDataSeal {
  readonly pending: Array<{ id: string; kind: PersonalValueKind; value: string }> = [];

  /**
   * @param reuse references this case already holds, by path and value: an edit that resends the value of a field
   *   unchanged keeps its reference, so that history and the current details share it and a rectification reaches
   *   both. Keyed by path, never by value alone: two people with the same address keep two rows (PIPL 46).
   */
  private readonly reuse: Map<string, string>;

  constructor(reuse: ReadonlyMap<string, string> = new Map()) {
    this.reuse = new Map(reuse);
  }

  /** The same path and value within one seal share a reference too (a legacy REGISTER payload and its details). */
  readonly reference = (kind: PersonalValueKind, value: string, path: string): string => {
    if (referencedId(value)) {
      return value; // already sealed
    }
    const key = reuseKey(path, value);
    const existing = this.reuse.get(key);
    if (existing) {
      return existing;
    }
    const id = randomUUID();
    this.pending.push({ id, kind, value });
    const reference = referenceTo(id);
    this.reuse.set(key, reference);
    return reference;
  };
}

function reuseKey(path: string, value: string): string {
  return `${path}\u0000${value}`;
}

/** Only ID numbers are searched by value, and only exactly (a blind index cannot answer a partial match). */
const INDEXED: ReadonlySet<PersonalValueKind> = new Set(['ID_NUMBER']);

export function normaliseIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/**
 * PIPL 51(三): the handler shall 「采取相应的加密、去标识化等安全技术措施」.
 * The encrypted store of personal values (PIPL 51(3); 数据安全法 27). Case rows, history and idempotency records hold
 * `pd:<id>` references; the values are AES-256-GCM ciphertexts bound to their row id, under a key with an id so that
 * keys rotate (npm run rotate-key). Rectifying a value (PIPL 46) or erasing it (PIPL 47) changes the row, and every
 * response that refers to it, without rewriting the append-only history.
 */
@Injectable()
export class PersonalDataVault {
  constructor(
    private readonly cipher: PersonalDataCipher,
    private readonly rows: PersonalDatumRepository,
  ) {}

  newSeal(): PersonalDataSeal {
    return new PersonalDataSeal();
  }

  /**
   * A seal for an edit of a case: `current` is the part of the details being replaced (keyed as the edit's sections,
   * e.g. { applicants: [...] }); a field resent with its value unchanged keeps its reference.
   */
  async resealFor(m: EntityManager, current: Record<string, unknown>): Promise<PersonalDataSeal> {
    const byPath = new Map<string, string>();
    someString(current, (value, path) => {
      if (referencedId(value)) {
        byPath.set(path, value);
      }
      return false;
    });
    const opened = await this.open(
      m,
      [...byPath.values()].map((r) => referencedId(r)!),
    );
    const reuse = new Map<string, string>();
    for (const [path, reference] of byPath) {
      const v = opened.get(referencedId(reference)!);
      if (v && v.value !== null) {
        reuse.set(reuseKey(path, v.value), reference);
      }
    }
    return new PersonalDataSeal(reuse);
  }

  /** Writes the sealed values of one case, in the caller's transaction (they commit or roll back with it). */
  store(m: EntityManager, organId: string, caseId: string, seal: PersonalDataSeal): Promise<void> {
    return this.storeMany(m, [{ organId, caseId, seal }]);
  }

  /**
   * As store, as a step of the case's commit statement (composeStatement), or undefined when the seal holds nothing.
   * The values are sealed now; they are written if and only if the statement writes the case.
   */
  storeStep(organId: string, caseId: string, seal: PersonalDataSeal): WriteStep | undefined {
    const rows = this.sealedRows([{ organId, caseId, seal }]);
    seal.pending.length = 0;
    return rows.length > 0 ? this.rows.insertStep(rows) : undefined;
  }

  /** As store, for many cases at once (the ledger import's batches): one statement per few thousand values. */
  async storeMany(
    m: EntityManager,
    cases: ReadonlyArray<{ organId: string; caseId: string; seal: PersonalDataSeal }>,
  ): Promise<void> {
    const rows = this.sealedRows(cases);
    if (rows.length > 0) {
      await this.rows.insert(m, rows);
    }
    for (const { seal } of cases) {
      seal.pending.length = 0;
    }
  }

  private sealedRows(cases: ReadonlyArray<{ organId: string; caseId: string; seal: PersonalDataSeal }>): SealedRow[] {
    return cases.flatMap(({ organId, caseId, seal }) =>
      seal.pending.map((p) => ({
        id: p.id,
        organId,
        caseId,
        field: p.kind,
        ...this.cipher.seal(p.value, p.id),
        blindIndex: INDEXED.has(p.kind) ? this.cipher.blindIndex(p.kind, normaliseIdNumber(p.value)) : null,
      })),
    );
  }

  async open(m: EntityManager, ids: readonly string[]): Promise<Map<string, OpenedValue>> {
    const found = await this.rows.findByIds(m, ids);
    return new Map(
      found.map((r) => [
        r.id,
        {
          id: r.id,
          kind: r.field,
          caseId: r.caseId,
          organId: r.organId,
          value: r.keyId && r.sealed ? this.cipher.open(r.keyId, r.sealed, r.id) : null,
        },
      ]),
    );
  }

  /** The cases whose parties or agents have this ID number (exact, through the keyed blind index). */
  casesWithIdNumber(m: EntityManager, idNumber: string): Promise<string[]> {
    return this.rows.caseIdsByBlindIndex(
      m,
      'ID_NUMBER',
      this.cipher.blindIndex('ID_NUMBER', normaliseIdNumber(idNumber)),
    );
  }

  /** PIPL 46: a new value for the same reference; history and every response that refers to it show the new value. */
  async rectify(m: EntityManager, id: string, kind: PersonalValueKind, value: string): Promise<void> {
    const sealed = this.cipher.seal(value, id);
    const blindIndex = INDEXED.has(kind) ? this.cipher.blindIndex(kind, normaliseIdNumber(value)) : null;
    if (!(await this.rows.reseal(m, id, sealed.keyId, sealed.sealed, blindIndex))) {
      throw new ProblemException('VALUE_ERASED', 'This value was erased (PIPL 47); an erased value stays erased.');
    }
  }

  /** PIPL 47: crypto-shreds every personal value of a case; references then read as null. Returns how many. */
  eraseCase(m: EntityManager, caseId: string): Promise<number> {
    return this.rows.eraseCase(m, caseId);
  }
}
