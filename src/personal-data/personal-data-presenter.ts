import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, Observable, mergeMap } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthenticatedRequest } from '../auth/access.decorator';
import { canSeeOrgan } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import { AuditEntry, AuditOrigin, PersonalDataAudit } from './personal-data-audit';
import { OpenedValue, PersonalDataVault } from './personal-data-vault';
import { isPersonalValueKind, maskValue, mayReadPersonalData, referencedId } from './personal-values';

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
function collect(value: unknown, path: string, into: Occurrences): void {
  if (typeof value === 'string') {
    const id = referencedId(value);
    if (id) {
      const paths = into.get(id) ?? new Set<string>();
      paths.add(path);
      into.set(id, paths);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v) => collect(v, `${path}[]`, into));
  } else if (isWalkable(value)) {
    for (const [k, v] of Object.entries(value)) {
      collect(v, path ? `${path}.${k}` : k, into);
    }
  }
}

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

/** The shape of a resource's personal fields, as a feature declares it (cases: PARTY_FIELDS). */
export type PersonalFieldTree = Readonly<Record<string, string | { each: PersonalFieldTree }>>;

/**
 * Where plaintext personal values may still sit in a response: rows written before the vault existed (or restored
 * from an old backup) hold values, not references. Lists under `listKeys` hold objects shaped by `fields`; a string
 * in a field whose spec is a personal kind is masked for the unentitled like a resolved reference would be.
 */
export interface PlaintextRule {
  listKeys: readonly string[];
  fields: PersonalFieldTree;
  /** Fields of this object that are public after all (an organisation's own name). */
  publicFields?: (item: Record<string, unknown>) => ReadonlySet<string>;
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
    const legacy: string[] = [];
    const body = this.plaintextRules.length ? (this.maskPlaintext(input, '', entitled, legacy) as T) : input;
    if (legacy.length > 0) {
      // Values in clear that were never sealed: disclosed to the entitled, audited without a case to name.
      await this.audit.recordNow(actor, origin, [
        { kind: 'READ', caseId: null, organId: null, fields: [...new Set(legacy)].sort() },
      ]);
    }
    const occurrences: Occurrences = new Map();
    collect(body, '', occurrences);
    if (occurrences.size === 0) {
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
    return this.dataSource.transaction(async (m) => {
      const opened = await this.vault.open(m, [...occurrences.keys()]);
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
      await this.audit.record(m, actor, origin, entries);
      return replace(body, shown) as T;
    });
  }
  /** Defence in depth for plaintext left from before the vault: masked by the field's kind, like a reference. */
  private maskPlaintext(value: unknown, path: string, entitled: boolean, disclosed: string[]): unknown {
    if (Array.isArray(value)) {
      return value.map((v) => this.maskPlaintext(v, `${path}[]`, entitled, disclosed));
    }
    if (!isWalkable(value)) {
      return value;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const here = path ? `${path}.${k}` : k;
      const rule = this.plaintextRules.find((r) => r.listKeys.includes(k));
      out[k] =
        rule && Array.isArray(v)
          ? v.map((item: unknown) => maskByTree(item, rule.fields, rule, `${here}[]`, entitled, disclosed))
          : this.maskPlaintext(v, here, entitled, disclosed);
    }
    return out;
  }
}

function maskByTree(
  item: unknown,
  tree: PersonalFieldTree,
  rule: PlaintextRule,
  path: string,
  entitled: boolean,
  disclosed: string[],
): unknown {
  if (!isWalkable(item) || Array.isArray(item)) {
    return item;
  }
  const record = item as Record<string, unknown>;
  const exempt = rule.publicFields?.(record) ?? new Set<string>();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    const spec = tree[k];
    if (typeof spec === 'object' && Array.isArray(v)) {
      out[k] = v.map((x: unknown) => maskByTree(x, spec.each, rule, `${path}.${k}[]`, entitled, disclosed));
    } else if (
      typeof spec === 'string' &&
      isPersonalValueKind(spec) &&
      typeof v === 'string' &&
      referencedId(v) === undefined &&
      !exempt.has(k)
    ) {
      if (entitled) {
        disclosed.push(`${path}.${k}`);
      }
      out[k] = entitled ? v : maskValue(spec, v);
    } else {
      out[k] = v;
    }
  }
  return out;
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
