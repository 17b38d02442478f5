import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, Observable, mergeMap } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthenticatedRequest } from '../auth/access.decorator';
import { canSeeOrgan } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { AuditEntry, AuditOrigin, PersonalDataAudit } from './personal-data-audit';
import { OpenedValue, PersonalDataVault } from './personal-data-vault';
import { mapPersonalFields, PersonalFieldTree } from './personal-field-tree';
import { maskValue, mayReadPersonalData, referencedId } from './personal-values';

/** Where each referenced value occurs in a response body. */
type Occurrences = Map<string, Set<string>>;

function isWalkable(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value) &&
    typeof (value as { pipe?: unknown }).pipe !== 'function'
  );
}

/** Paths without indexes (applicants[].idNumber): the audit says which fields, not which array slots. */
const withoutIndexes = (path: string): string => path.replace(/\[\d+\]/g, '[]');

function replace(value: unknown, resolve: (id: string) => string | null): unknown {
  if (typeof value === 'string') {
    const id = referencedId(value);
    return id ? resolve(id) : value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => replace(v, resolve));
  }
  if (isWalkable(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, resolve)]));
  }
  return value;
}

/**
 * Where plaintext personal values may still sit in a response: rows written before the vault existed (or restored
 * from an old backup) hold values, not references. Lists under `listKeys` hold objects shaped by `fields`; a string
 * in a field whose spec is a personal kind is masked for the unentitled like a resolved reference would be.
 */
export interface PlaintextRule {
  listKeys: readonly string[];
  fields: PersonalFieldTree;
  /** Fields of this object that are public after all (an organisation's own name). */
  publicFields?: (item: Record<string, unknown>) => ReadonlySet<string> | undefined;
}

/**
 * The one serializer of personal values (issue 13; PIPL 6, 51): every response passes through it (the global
 * interceptor below), and so do replays of idempotent requests, whose stored bodies hold references too. It replaces
 * each `pd:` reference by the value in clear for those entitled to it (mayReadPersonalData), writing the audit rows of
 * what it disclosed in the same transaction as it reads the values, or by the value's mask for everyone else. No
 * endpoint masks on its own: a field that is personal is a reference from the moment it is stored.
 */
@Injectable()
export class PersonalDataPresenter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: PersonalDataVault,
    private readonly audit: PersonalDataAudit,
  ) {}

  private readonly plaintextRules: PlaintextRule[] = [];

  /** Features declare where plaintext personal values can be (CasesModule: the parties). */
  registerPlaintextRule(rule: PlaintextRule): void {
    this.plaintextRules.push(rule);
  }

  async present<T>(input: T, actor: Actor | undefined, origin: AuditOrigin): Promise<T> {
    const entitled = actor !== undefined && mayReadPersonalData(actor);
    const occurrences: Occurrences = new Map();
    const legacy = new Set<string>();
    const body = this.prepare(input, '', entitled, occurrences, legacy) as T;
    if (occurrences.size === 0 && legacy.size === 0) {
      return body;
    }
    const show = (opened: Map<string, OpenedValue>) => (id: string) => {
      const v = opened.get(id);
      // A value of an organ outside the caller's scope is never shown, whatever text refers to it.
      if (!v || v.value === null || (actor !== undefined && !canSeeOrgan(actor, v.organId))) {
        return null;
      }
      return entitled ? v.value : maskValue(v.kind, v.value);
    };
    if (!entitled) {
      const opened = await this.vault.open(this.dataSource.manager, [...occurrences.keys()]);
      return replace(body, show(opened)) as T;
    }
    // No transaction (issue 18 pt 2): a read has nothing to roll back. The audit row is committed before the
    // response that discloses the values is sent, and a failure to write it refuses the response (PIPL 51, 54).
    const m = this.dataSource.manager;
    const opened =
      occurrences.size > 0 ? await this.vault.open(m, [...occurrences.keys()]) : new Map<string, OpenedValue>();
    const shown = show(opened);
    const byCase = new Map<string, { organId: string; fields: Set<string> }>();
    for (const [id, paths] of occurrences) {
      const v = opened.get(id);
      if (v && shown(id) !== null) {
        const entry = byCase.get(v.caseId) ?? { organId: v.organId, fields: new Set<string>() };
        paths.forEach((p) => entry.fields.add(p));
        byCase.set(v.caseId, entry);
      }
    }
    const entries: AuditEntry[] = [...byCase].map(([caseId, e]) => ({
      kind: 'READ',
      caseId,
      organId: e.organId,
      fields: [...e.fields].sort(),
    }));
    if (legacy.size > 0) {
      // Values in clear that were never sealed: disclosed all the same, audited without a case to name.
      entries.push({ kind: 'READ', caseId: null, organId: null, fields: [...legacy].sort() });
    }
    await this.audit.record(m, actor, origin, entries);
    return replace(body, shown) as T;
  }

  /**
   * One walk of the body: collects where each reference occurs and, under the lists a feature registered
   * (PlaintextRule), masks plaintext left from before the vault by its field's kind — noting, for the entitled who
   * see it in clear, where it was disclosed.
   */
  private prepare(
    value: unknown,
    path: string,
    entitled: boolean,
    occurrences: Occurrences,
    legacy: Set<string>,
  ): unknown {
    if (typeof value === 'string') {
      const id = referencedId(value);
      if (id) {
        const paths = occurrences.get(id) ?? new Set<string>();
        paths.add(withoutIndexes(path));
        occurrences.set(id, paths);
      }
      return value;
    }
    if (Array.isArray(value)) {
      return value.map((v, i) => this.prepare(v, `${path}[${i}]`, entitled, occurrences, legacy));
    }
    if (!isWalkable(value)) {
      return value;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value) as Array<[string, unknown]>) {
      const here = path ? `${path}.${k}` : k;
      const rule = this.plaintextRules.find((r) => r.listKeys.includes(k));
      const unsealed: unknown =
        rule && Array.isArray(v)
          ? v.map((item: unknown, i) =>
              isWalkable(item) && !Array.isArray(item)
                ? mapPersonalFields(
                    item,
                    rule.fields,
                    (kind, plain, at) => {
                      if (referencedId(plain)) {
                        return plain;
                      }
                      if (entitled) {
                        legacy.add(withoutIndexes(at));
                        return plain;
                      }
                      return maskValue(kind, plain);
                    },
                    `${here}[${i}]`,
                    rule.publicFields?.(item as Record<string, unknown>),
                  )
                : item,
            )
          : v;
      out[k] = this.prepare(unsealed, here, entitled, occurrences, legacy);
    }
    return out;
  }
}

export function auditOrigin(request: FastifyRequest): AuditOrigin {
  return {
    requestId: typeof request.id === 'string' ? request.id : null,
    method: request.method,
    route: request.routeOptions?.url ?? (request.url ?? '').split('?')[0] ?? '',
  };
}

/** Registered as APP_INTERCEPTOR: every controller's return value goes through PersonalDataPresenter. */
@Injectable()
export class PersonalDataInterceptor implements NestInterceptor {
  constructor(private readonly presenter: PersonalDataPresenter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return next
      .handle()
      .pipe(mergeMap((body: unknown) => from(this.presenter.present(body, request.actor, auditOrigin(request)))));
  }
}
