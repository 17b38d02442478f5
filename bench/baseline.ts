/**
 * The bare baseline: a minimal Fastify + pg server that executes the same SQL statements as the service's hot paths —
 * no Nest, no validation, no authentication, no deadline recomputation:
 *   POST /cases                      register: sequence upsert + insert case + insert event, in one transaction
 *   POST /cases/:id/actions/ACCEPT   action: select … for update + insert event + update projection, in one transaction
 *   GET  /cases/:id                  get: select by id
 * The service's throughput is reported as a ratio of this server's, measured in the same run on the same database.
 *
 * Run: BASELINE_DATABASE_URL=postgres://… BASELINE_PORT=3001 node dist/bench/baseline.js
 */
import Fastify from 'fastify';
import { Pool, types } from 'pg';

types.setTypeParser(types.builtins.DATE, (value: string) => value);

interface CaseRow {
  id: string;
  organ_id: string;
  state: string;
  version: number;
  facts: Record<string, unknown>;
  [column: string]: unknown;
}

interface RegisterBody {
  receivedOn: string;
  channel: string;
  applicants: Array<{ name: string }>;
  thirdParties?: unknown[];
  respondent: { name: string; kind: string };
  contestedAct: { category: string; managementDomain: string };
  request: unknown;
}

function nameGrams(names: string[]): string[] {
  const grams = new Set<string>();
  for (const raw of names) {
    const chars = [...raw.toLowerCase().replace(/\s+/g, '')];
    chars.forEach((c, i) => {
      grams.add(c);
      if (i + 1 < chars.length) {
        grams.add(c + chars[i + 1]);
      }
    });
  }
  return [...grams].sort();
}

function initialFacts(regime: string, receivedOn: string): Record<string, unknown> {
  return {
    regime,
    state: 'RECEIVED',
    procedure: null,
    receivedOn,
    lastActOn: receivedOn,
    correctionRequestCount: 0,
    correctionRequestedOn: null,
    correctionDueOn: null,
    correctionReceivedOn: null,
    acceptedOn: null,
    copySentOn: null,
    replyReceivedOn: null,
    hearingCount: 0,
    suspensions: [],
    mediationKind: null,
    extensionDays: null,
    extendedOn: null,
    convertedToOrdinaryOn: null,
    decisionType: null,
    decidedOn: null,
    decisionDocumentNumber: null,
    remakeDeadlineDays: null,
    servedOn: null,
    closedOn: null,
    outcome: null,
    concludedOn: null,
    notAcceptGround: null,
    terminationGround: null,
    withdrawalReason: null,
    handlerCount: 0,
  };
}

export async function startBaselineServer(
  databaseUrl: string,
  port: number,
  poolSize = 10,
): Promise<() => Promise<void>> {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'bench-baseline' });
  const organ = (
    await pool.query<{ id: string; template: string }>(
      `SELECT id, case_number_template AS template FROM organ WHERE code = 'TAIQIAN'`,
    )
  ).rows[0];
  if (!organ) {
    throw new Error('baseline: organ TAIQIAN not found');
  }
  const app = Fastify({ logger: false });

  app.get('/health', async () => ({ ok: true }));

  app.get<{ Params: { id: string } }>('/cases/:id', async (req, reply) => {
    const { rows } = await pool.query<CaseRow>('SELECT * FROM reconsideration_case WHERE id = $1', [req.params.id]);
    const row = rows[0];
    if (!row) {
      return reply.code(404).send({ status: 404 });
    }
    return reply.header('etag', `"${row.version}"`).send(row);
  });

  app.post<{ Body: RegisterBody }>('/cases', async (req, reply) => {
    const dto = req.body;
    const year = Number(dto.receivedOn.slice(0, 4));
    const regime = dto.receivedOn < '2024-01-01' ? 'L2017' : 'L2023';
    const details = {
      channel: dto.channel,
      applicants: dto.applicants,
      thirdParties: dto.thirdParties ?? [],
      respondent: dto.respondent,
      contestedAct: dto.contestedAct,
      request: dto.request,
    };
    const names = dto.applicants.map((a) => a.name);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const seq = await client.query<{ last_seq: number }>(
        `INSERT INTO case_number_sequence (organ_id, year, last_seq) VALUES ($1, $2, 1)
         ON CONFLICT (organ_id, year) DO UPDATE SET last_seq = case_number_sequence.last_seq + 1
         RETURNING last_seq`,
        [organ.id, year],
      );
      const sequence = seq.rows[0]!.last_seq;
      const caseNumber = organ.template.replace('{year}', String(year)).replace(/\{seq(?::\d)?\}/, String(sequence));
      const inserted = await client.query<CaseRow>(
        `INSERT INTO reconsideration_case (organ_id, case_number, received_year, sequence, legal_regime, state, outcome,
            procedure, received_on, accepted_on, decided_on, concluded_on, channel, respondent_kind, respondent_name,
            act_category, management_domain, applicant_names, applicant_name_grams, handler_names, handlers, details,
            facts, version, termination_ground, withdrawal_reason)
         VALUES ($1, $2, $3, $4, $5, 'RECEIVED', NULL, NULL, $6, NULL, NULL, NULL, $7, $8, $9, $10, $11, $12, $13,
                 '{}', '[]', $14, $15, 1, NULL, NULL)
         RETURNING *`,
        [
          organ.id,
          caseNumber,
          year,
          sequence,
          regime,
          dto.receivedOn,
          dto.channel,
          dto.respondent.kind,
          dto.respondent.name,
          dto.contestedAct.category,
          dto.contestedAct.managementDomain,
          names.join('、'),
          nameGrams(names),
          JSON.stringify(details),
          JSON.stringify(initialFacts(regime, dto.receivedOn)),
        ],
      );
      const row = inserted.rows[0]!;
      await client.query(
        `INSERT INTO case_event (case_id, organ_id, seq, action, occurred_on, actor_key_id, actor_name, actor_roles,
            state_before, state_after, legal_basis, payload, undoes_seq)
         VALUES ($1, $2, 1, 'REGISTER', $3, NULL, 'bench-baseline', '{CLERK}', NULL, 'RECEIVED', $4, $5, NULL)`,
        [
          row.id,
          organ.id,
          dto.receivedOn,
          regime === 'L2017' ? 'R07 18, 19' : 'L23 22',
          JSON.stringify({ legalRegime: regime, receivedOn: dto.receivedOn, caseNumber, ...details }),
        ],
      );
      await client.query('COMMIT');
      return reply.code(201).header('etag', '"1"').send(row);
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  });

  app.post<{ Params: { id: string }; Body: { occurredOn: string; procedure?: string } }>(
    '/cases/:id/actions/ACCEPT',
    async (req, reply) => {
      const ifMatch = req.headers['if-match'];
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const locked = await client.query<CaseRow>('SELECT * FROM reconsideration_case WHERE id = $1 FOR UPDATE', [
          req.params.id,
        ]);
        const row = locked.rows[0];
        if (!row) {
          await client.query('ROLLBACK');
          return reply.code(404).send({ status: 404 });
        }
        if (ifMatch !== `"${row.version}"`) {
          await client.query('ROLLBACK');
          return reply.code(412).send({ status: 412 });
        }
        if (row.state !== 'RECEIVED') {
          await client.query('ROLLBACK');
          return reply.code(409).send({ status: 409 });
        }
        const on = req.body.occurredOn;
        const procedure = req.body.procedure ?? 'ORDINARY';
        const facts = { ...row.facts, state: 'ACCEPTED', lastActOn: on, acceptedOn: on, procedure };
        await client.query(
          `INSERT INTO case_event (case_id, organ_id, seq, action, occurred_on, actor_key_id, actor_name, actor_roles,
              state_before, state_after, legal_basis, payload, undoes_seq)
           VALUES ($1, $2, $3, 'ACCEPT', $4, NULL, 'bench-baseline', '{OFFICER}', 'RECEIVED', 'ACCEPTED', $5, $6, NULL)`,
          [row.id, row.organ_id, row.version + 1, on, 'L23 30, 36', JSON.stringify(req.body)],
        );
        const updated = await client.query<CaseRow>(
          `UPDATE reconsideration_case SET state = 'ACCEPTED', procedure = $3, accepted_on = $4, facts = $5,
              version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $2 RETURNING *`,
          [row.id, row.version, procedure, on, JSON.stringify(facts)],
        );
        await client.query('COMMIT');
        const after = updated.rows[0]!;
        return reply.header('etag', `"${after.version}"`).send(after);
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
  );

  await app.listen({ port, host: '127.0.0.1' });
  return async () => {
    await app.close();
    await pool.end();
  };
}

if (require.main === module) {
  const url = process.env.BASELINE_DATABASE_URL;
  if (!url) {
    process.stderr.write('BASELINE_DATABASE_URL is required\n');
    process.exit(2);
  }
  startBaselineServer(url, Number(process.env.BASELINE_PORT ?? 3001), Number(process.env.BASELINE_POOL_SIZE ?? 10))
    .then((stop) => {
      const shutdown = (): void => {
        void stop().finally(() => process.exit(0));
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((error: unknown) => {
      process.stderr.write(`baseline failed to start: ${String(error)}\n`);
      process.exit(1);
    });
}
