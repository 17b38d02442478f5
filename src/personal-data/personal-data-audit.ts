import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { andWhereOrganInScope } from '../auth/organ-scope';
import type { Actor } from '../auth/roles';
import type { CursorPosition } from '../common/http/pagination';
import { preparedQuery } from '../database/prepared-query';
import { AuditKind, PersonalDataReadEntity } from './personal-data-read.entity';

/** Where a disclosure happened: the request, as the audit records it. */
export interface AuditOrigin {
  requestId: string | null;
  method: string;
  route: string;
}

export interface AuditEntry {
  kind: AuditKind;
  caseId: string | null;
  organId: string | null;
  fields: string[];
  reason?: string;
}

export interface AuditFilter {
  /** The auditor: one limited to organs sees their rows only (issue 13 pt 6). */
  reader: Pick<Actor, 'organIds'>;
  caseId?: string;
  /** An API key id, or a signed-on officer's `iss#sub`. */
  key?: string;
  from?: Date;
  to?: Date;
  limit: number;
  after?: CursorPosition;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The one writer (and reader) of the personal-data audit (PIPL 51, 54). */
@Injectable()
export class PersonalDataAudit {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends the entries with `m`: in the caller's transaction (they commit with the change they record, or not at
   * all), or on their own (the data source's manager) before the disclosure they record is sent. One prepared
   * statement whatever the number of entries (issue 18 pt 2: every entitled GET writes one).
   */
  async record(m: EntityManager, actor: Actor | undefined, origin: AuditOrigin, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) {
      return;
    }
    await preparedQuery(
      m,
      `INSERT INTO personal_data_read
              (kind, actor_key_id, actor_subject, actor_name, actor_roles, request_id, method, route, case_id, organ_id,
               fields, reason)
       SELECT e.kind, $1::uuid, $2::text, $3::text, $4::text[], $5::text, $6::text, $7::text, e.case_id, e.organ_id,
              e.fields, e.reason
         FROM jsonb_to_recordset($8::jsonb) AS e(kind text, case_id uuid, organ_id uuid, fields text[], reason text)`,
      [
        actor?.keyId ?? null,
        actor?.subject ?? null,
        actor?.keyName ?? 'anonymous',
        [...(actor?.roles ?? [])],
        origin.requestId,
        origin.method,
        origin.route,
        JSON.stringify(
          entries.map((e) => ({
            kind: e.kind,
            case_id: e.caseId,
            organ_id: e.organId,
            fields: e.fields,
            reason: e.reason ?? null,
          })),
        ),
      ],
    );
  }

  /** Appends the entries in a transaction of their own (a streamed export records each page before sending it). */
  recordNow(actor: Actor | undefined, origin: AuditOrigin, entries: AuditEntry[]): Promise<void> {
    return this.record(this.dataSource.manager, actor, origin, entries);
  }

  /** Newest first, keyset-paginated on id (served by the case, key and time indexes). */
  list(filter: AuditFilter): Promise<PersonalDataReadEntity[]> {
    const qb = this.dataSource.getRepository(PersonalDataReadEntity).createQueryBuilder('a');
    andWhereOrganInScope(qb, filter.reader, 'a.organ_id');
    if (filter.caseId) {
      qb.andWhere('a.case_id = :caseId', { caseId: filter.caseId });
    }
    if (filter.key) {
      if (UUID.test(filter.key)) {
        qb.andWhere('a.actor_key_id = :key::uuid', { key: filter.key });
      } else {
        qb.andWhere('a.actor_subject = :key', { key: filter.key });
      }
    }
    if (filter.from) {
      qb.andWhere('a.read_at >= :from', { from: filter.from });
    }
    if (filter.to) {
      qb.andWhere('a.read_at < :to', { to: filter.to });
    }
    if (filter.after) {
      qb.andWhere('a.id < :afterId::bigint', { afterId: filter.after.id });
    }
    return qb
      .orderBy('a.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
  }
}
