import { DataSource, EntityManager } from 'typeorm';
import { PersonalDataSeal, PersonalDataVault } from '../personal-data/personal-data-vault';
import type { CaseDetails, Party } from './case-details';
import { sealParties } from './case-field-classes';

export interface LegacySealingResult {
  cases: number;
  events: number;
  values: number;
  idempotencyRecords: number;
}

/** The party lists of a REGISTER payload (the details) or of an EDIT payload's `before` / `after` sections. */
function sealSections(section: unknown, seal: PersonalDataSeal): unknown {
  if (!section || typeof section !== 'object') {
    return section;
  }
  const s = section as Record<string, unknown>;
  return {
    ...s,
    ...(Array.isArray(s.applicants)
      ? { applicants: sealParties(s.applicants as Party[], seal.reference, 'applicants') }
      : {}),
    ...(Array.isArray(s.thirdParties)
      ? { thirdParties: sealParties(s.thirdParties as Party[], seal.reference, 'thirdParties') }
      : {}),
  };
}

function sealEventPayload(action: string, payload: Record<string, unknown>, seal: PersonalDataSeal): unknown {
  if (action === 'REGISTER') {
    return sealSections(payload, seal);
  }
  if (action === 'EDIT') {
    return { ...payload, before: sealSections(payload.before, seal), after: sealSections(payload.after, seal) };
  }
  return payload;
}

/**
 * `npm run seal-legacy`: moves personal values written before the vault existed (PIPL 51(3)) out of case rows, their
 * REGISTER and EDIT events, and idempotency records. Case history is append-only, so this maintenance run — and only
 * it — lifts the guard on case_event inside each batch's transaction (ALTER TABLE … DISABLE TRIGGER, which needs the
 * table's owner, as migrations do) and restores it before commit; every other session keeps seeing the guard. A value
 * keeps one reference per case and path, so details and history share it and a later rectification reaches both.
 * Idempotent: sealed values are left as they are, so it can be run again or resumed.
 */
export class LegacySealing {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: PersonalDataVault,
  ) {}

  async run(options: { batchSize: number; onBatch?: (done: number) => void }): Promise<LegacySealingResult> {
    const result: LegacySealingResult = { cases: 0, events: 0, values: 0, idempotencyRecords: 0 };
    let afterId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids: Array<{ id: string }> = await this.dataSource.query(
        `SELECT id FROM reconsideration_case WHERE id > $1 ORDER BY id LIMIT $2`,
        [afterId, options.batchSize],
      );
      if (ids.length === 0) {
        break;
      }
      await this.dataSource.transaction(async (m) => {
        await m.query('ALTER TABLE case_event DISABLE TRIGGER case_event_no_update_delete');
        for (const { id } of ids) {
          await this.sealCase(m, id, result);
        }
        await m.query('ALTER TABLE case_event ENABLE TRIGGER case_event_no_update_delete');
      });
      afterId = ids[ids.length - 1]!.id;
      options.onBatch?.(result.cases);
    }
    // A stored response with a value in clear: dropped (a retry then runs as new, as after IDEMPOTENCY_TTL_HOURS).
    const dropped: unknown[] = await this.dataSource.query(
      `WITH dropped AS (
         DELETE FROM idempotency_record
          WHERE response_body::text ~ '"(name|idNumber|phone|address|legalRepresentative)": "(?!pd:)' RETURNING 1)
       SELECT 1 FROM dropped`,
    );
    result.idempotencyRecords = dropped.length;
    return result;
  }

  private async sealCase(m: EntityManager, id: string, result: LegacySealingResult): Promise<void> {
    const [row]: Array<{ organ_id: string; details: CaseDetails }> = await m.query(
      `SELECT organ_id, details FROM reconsideration_case WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) {
      return;
    }
    const seal = this.vault.newSeal();
    const details = sealSections(row.details, seal) as CaseDetails;
    const events: Array<{ id: string; action: string; payload: Record<string, unknown> }> = await m.query(
      `SELECT id, action, payload FROM case_event WHERE case_id = $1 AND action IN ('REGISTER', 'EDIT') ORDER BY seq`,
      [id],
    );
    const sealedEvents = events.map((e) => ({ ...e, sealed: sealEventPayload(e.action, e.payload, seal) }));
    const values = seal.pending.length;
    if (values === 0) {
      return;
    }
    await this.vault.store(m, row.organ_id, id, seal);
    await m.query(`UPDATE reconsideration_case SET details = $2 WHERE id = $1`, [id, details]);
    for (const e of sealedEvents) {
      if (JSON.stringify(e.sealed) !== JSON.stringify(e.payload)) {
        await m.query(`UPDATE case_event SET payload = $2 WHERE id = $1`, [e.id, e.sealed]);
        result.events += 1;
      }
    }
    result.cases += 1;
    result.values += values;
  }
}
