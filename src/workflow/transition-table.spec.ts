import type { Role } from '../auth/roles';
import {
  ACTIONS,
  CASE_STATES,
  type CaseState,
  type ExtendedCodeEntry,
  type LegalRegime,
  isCodeForRegime,
} from '../code-lists/code-lists';
import { ACTION_PAYLOADS } from './action-payloads';
import { type CaseFacts, initialFacts } from './case-facts';
import { GUARDS, type GuardName, failedGuard } from './guards';
import {
  EDIT_ROLES,
  type ProceduralAction,
  REGISTER_ROLES,
  SUPERIOR_ORDER_ACTIONS,
  TERMINAL_STATES,
  TRANSITIONS,
  type Transition,
  UNDO_ROLES,
  findTransition,
  targetState,
  transitionsFor,
} from './transition-table';

/** CaseFacts for a case received on `receivedOn` under `regime`, with some facts overridden. */
function facts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  const regime = overrides.regime ?? 'L2023';
  const receivedOn = overrides.receivedOn ?? (regime === 'L2017' ? '2021-03-01' : '2024-03-01');
  return { ...initialFacts(regime, receivedOn), ...overrides };
}

const REGIMES: readonly LegalRegime[] = ['L2017', 'L2023'];
const ALL_STATES: readonly CaseState[] = CASE_STATES.map((s) => s.code);
const NON_PROCEDURAL = ['REGISTER', 'IMPORT', 'EDIT', 'ASSIGN_HANDLERS', 'UNDO'];
const PROCEDURAL_ACTIONS = ACTIONS.map((a) => a.code).filter((a): a is ProceduralAction => !NON_PROCEDURAL.includes(a));

function rowsOf(action: ProceduralAction): Transition[] {
  return TRANSITIONS.filter((t) => t.action === action);
}

/** States reachable from RECEIVED under `regime`, by breadth-first search over the table. */
function reachableFromReceived(regime: LegalRegime): Set<CaseState> {
  const seen = new Set<CaseState>(['RECEIVED']);
  const queue: CaseState[] = ['RECEIVED'];
  while (queue.length > 0) {
    const state = queue.shift() as CaseState;
    for (const t of transitionsFor(regime, state)) {
      // PREVIOUS returns to a state the case has already been in (ACCEPTED, UNDER_REVIEW or SUSPENDED).
      const nexts: CaseState[] =
        t.to === 'SAME' ? [state] : t.to === 'PREVIOUS' ? ['ACCEPTED', 'UNDER_REVIEW', 'SUSPENDED'] : [t.to];
      for (const next of nexts.filter((n) => !seen.has(n))) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

interface ExpectedRow {
  article: string;
  action: ProceduralAction;
  from: CaseState[];
  to: CaseState | 'SAME' | 'PREVIOUS';
  regimes: LegalRegime[];
}

const BOTH: LegalRegime[] = ['L2017', 'L2023'];
const EXPECTED_ROWS: ExpectedRow[] = [
  {
    article: 'R07 29 / L23 31 ¶1',
    action: 'REQUEST_CORRECTION',
    from: ['RECEIVED'],
    to: 'CORRECTION_REQUESTED',
    regimes: BOTH,
  },
  {
    article: 'R07 29 / L23 31 ¶3 (a fresh acceptance review)',
    action: 'RECEIVE_CORRECTION',
    from: ['CORRECTION_REQUESTED'],
    to: 'RECEIVED',
    regimes: BOTH,
  },
  {
    article: 'R07 29 / L23 31 ¶2',
    action: 'DEEM_WITHDRAWN',
    from: ['CORRECTION_REQUESTED'],
    to: 'DEEMED_WITHDRAWN',
    regimes: BOTH,
  },
  {
    article: 'L17 25 / L23 74 (withdrawal before acceptance)',
    action: 'WITHDRAW',
    from: ['RECEIVED', 'CORRECTION_REQUESTED'],
    to: 'WITHDRAWN',
    regimes: BOTH,
  },
  { article: 'L17 17; R07 28 / L23 30', action: 'NOT_ACCEPT', from: ['RECEIVED'], to: 'NOT_ACCEPTED', regimes: BOTH },
  { article: 'L17 17 / L23 30', action: 'ACCEPT', from: ['RECEIVED'], to: 'ACCEPTED', regimes: BOTH },
  { article: 'L17 17 ¶2 / L23 30 ¶3', action: 'DEEM_ACCEPTED', from: ['RECEIVED'], to: 'ACCEPTED', regimes: BOTH },
  {
    article: 'L17 17 / L23 30 (受理通知书)',
    action: 'SEND_ACCEPTANCE_NOTICE',
    from: ['ACCEPTED', 'UNDER_REVIEW', 'SUSPENDED', 'MEDIATION'],
    to: 'SAME',
    regimes: BOTH,
  },
  {
    article: 'L23 31 ¶2 (the period runs from receipt of the notice)',
    action: 'RECORD_CORRECTION_SERVICE',
    from: ['CORRECTION_REQUESTED'],
    to: 'SAME',
    regimes: BOTH,
  },
  {
    article: 'L23 31 ¶2 / R07 29 (a reasonable extension)',
    action: 'EXTEND_CORRECTION_PERIOD',
    from: ['CORRECTION_REQUESTED'],
    to: 'SAME',
    regimes: BOTH,
  },
  {
    article: 'L17 23 / L23 48 (the reply period runs from receipt of the copy)',
    action: 'RECORD_COPY_RECEIPT',
    from: ['UNDER_REVIEW', 'SUSPENDED', 'MEDIATION'],
    to: 'SAME',
    regimes: BOTH,
  },
  { article: 'L17 15 ¶2, 18', action: 'TRANSFER', from: ['RECEIVED'], to: 'TRANSFERRED', regimes: ['L2017'] },
  // 告知 comes from the same state as 不予受理 (the acceptance review), never after acceptance; L23 has no such act.
  { article: 'L17 17 ¶1 (告知)', action: 'INFORM', from: ['RECEIVED'], to: 'INFORMED', regimes: ['L2017'] },
  { article: 'L17 23 / L23 48, 54', action: 'SEND_COPY', from: ['ACCEPTED'], to: 'UNDER_REVIEW', regimes: BOTH },
  { article: 'L17 23 / L23 48, 54', action: 'RECEIVE_REPLY', from: ['UNDER_REVIEW'], to: 'SAME', regimes: BOTH },
  { article: 'R07 33 / L23 50, 51', action: 'HOLD_HEARING', from: ['UNDER_REVIEW'], to: 'SAME', regimes: BOTH },
  { article: 'R07 33 / L23 51', action: 'SCHEDULE_HEARING', from: ['UNDER_REVIEW'], to: 'SAME', regimes: BOTH },
  { article: 'L17 22 / L23 49', action: 'HEAR_OPINIONS', from: ['UNDER_REVIEW'], to: 'SAME', regimes: BOTH },
  {
    article: 'R07 41 / L23 39 (from acceptance, before the copy is sent)',
    action: 'SUSPEND',
    from: ['ACCEPTED', 'UNDER_REVIEW'],
    to: 'SUSPENDED',
    regimes: BOTH,
  },
  {
    article: 'R07 41 ¶2 / L23 39 ¶2 (back to the state suspended from)',
    action: 'RESUME',
    from: ['SUSPENDED'],
    to: 'PREVIOUS',
    regimes: BOTH,
  },
  {
    article: 'R07 50 / L23 73; L23 39(6) (also while suspended for mediation)',
    action: 'START_MEDIATION',
    from: ['UNDER_REVIEW', 'SUSPENDED'],
    to: 'MEDIATION',
    regimes: BOTH,
  },
  {
    article: 'R07 50 ¶3 / L23 73 ¶2',
    action: 'MEDIATION_FAILED',
    from: ['MEDIATION'],
    to: 'PREVIOUS',
    regimes: BOTH,
  },
  {
    article: 'R07 30, 34 ¶3, 37',
    action: 'START_NOT_COUNTED_PERIOD',
    from: ['RECEIVED', 'ACCEPTED', 'UNDER_REVIEW', 'SUSPENDED', 'MEDIATION'],
    to: 'SAME',
    regimes: BOTH,
  },
  {
    article: 'R07 30, 34 ¶3, 37',
    action: 'END_NOT_COUNTED_PERIOD',
    from: ['RECEIVED', 'ACCEPTED', 'UNDER_REVIEW', 'SUSPENDED', 'MEDIATION'],
    to: 'SAME',
    regimes: BOTH,
  },
  {
    article: 'L17 31 ¶1 / L23 62 ¶1',
    action: 'EXTEND',
    from: ['UNDER_REVIEW', 'SUSPENDED', 'MEDIATION'],
    to: 'SAME',
    regimes: BOTH,
  },
  {
    article: 'L23 55',
    action: 'CONVERT_TO_ORDINARY',
    from: ['ACCEPTED', 'UNDER_REVIEW', 'SUSPENDED'],
    to: 'SAME',
    regimes: ['L2023'],
  },
  {
    article: 'L17 21 / L23 42',
    action: 'DECIDE_STAY_OF_EXECUTION',
    from: ['ACCEPTED', 'UNDER_REVIEW', 'SUSPENDED', 'MEDIATION'],
    to: 'SAME',
    regimes: BOTH,
  },
  {
    article: 'L17 25; R07 42 / L23 41',
    action: 'TERMINATE',
    from: ['ACCEPTED', 'UNDER_REVIEW', 'SUSPENDED', 'MEDIATION'],
    to: 'TERMINATED',
    regimes: BOTH,
  },
  {
    article: 'L17 28 / L23 61',
    action: 'DECIDE',
    from: ['UNDER_REVIEW', 'MEDIATION'],
    to: 'DECIDED',
    regimes: BOTH,
  },
  {
    article: 'L17 20; R07 31 / L23 35 (ordered by the superior organ)',
    action: 'ORDER_TO_ACCEPT',
    from: ['NOT_ACCEPTED'],
    to: 'ACCEPTED',
    regimes: BOTH,
  },
  {
    article: 'L23 40 (suspended without good cause)',
    action: 'ORDER_TO_RESUME',
    from: ['SUSPENDED'],
    to: 'PREVIOUS',
    regimes: ['L2023'],
  },
  {
    article: 'R07 48 ¶2 / L23 35 (a dismissal whose reasons do not hold)',
    action: 'ORDER_TO_RESUME',
    from: ['DECIDED', 'SERVED', 'CLOSED'],
    to: 'UNDER_REVIEW',
    regimes: BOTH,
  },
  { article: 'L17 31 ¶3 / L23 75', action: 'SERVE_DECISION', from: ['DECIDED'], to: 'SERVED', regimes: BOTH },
  { article: 'L17 32 / L23 77', action: 'CLOSE', from: ['SERVED'], to: 'CLOSED', regimes: BOTH },
  { article: 'R07 49', action: 'RECORD_REMADE_ACT', from: ['SERVED', 'CLOSED'], to: 'SAME', regimes: BOTH },
  {
    article: 'L17 28(1)(2), 32 / L23 66, 77',
    action: 'RECORD_PERFORMANCE',
    from: ['SERVED', 'CLOSED'],
    to: 'SAME',
    regimes: BOTH,
  },
  {
    article: 'L17 32 ¶2 / L23 77 ¶2',
    action: 'SUPERVISE_COMPLIANCE',
    from: ['SERVED', 'CLOSED'],
    to: 'SAME',
    regimes: BOTH,
  },
];

describe('transition table: the rows', () => {
  it('the expectations below cover every procedural action', () => {
    expect([...new Set(EXPECTED_ROWS.map((r) => r.action))].sort()).toEqual([...PROCEDURAL_ACTIONS].sort());
  });

  describe.each(EXPECTED_ROWS)('$article: $action', (row) => {
    it.each(REGIMES)(
      `${row.article}: ${row.action} from exactly the expected states, to the expected state (%s)`,
      (regime) => {
        // An action with several rows (ORDER_TO_RESUME) is checked against all of them.
        const rows = EXPECTED_ROWS.filter((r) => r.action === row.action);
        for (const state of ALL_STATES) {
          const t = findTransition(regime, state, row.action);
          const expected = rows.find((r) => r.regimes.includes(regime) && r.from.includes(state));
          if (expected) {
            expect(t).toBeDefined();
            expect(t?.to).toBe(expected.to);
          } else {
            expect(t).toBeUndefined();
          }
        }
      },
    );
  });

  it('L17 / L23: no duplicate (regime, state, action) combination: the machine is deterministic', () => {
    const seen = new Map<string, number>();
    for (const t of TRANSITIONS) {
      for (const regime of t.regimes) {
        for (const state of t.from) {
          const key = `${regime}|${state}|${t.action}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
      }
    }
    const duplicates = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
    expect(duplicates).toEqual([]);
  });

  it('every row lists at least one from-state, one role and one regime, and no from-state twice', () => {
    for (const t of TRANSITIONS) {
      expect(t.from.length).toBeGreaterThan(0);
      expect(new Set(t.from).size).toBe(t.from.length);
      // L23 30 ¶3 / L17 17 ¶2: a deemed acceptance is an effect of the law that the service records, nobody's act.
      expect(t.roles.length > 0 || t.action === 'DEEM_ACCEPTED').toBe(true);
      expect(t.regimes.length).toBeGreaterThan(0);
    }
  });

  it('every from- and to-state is a CASE_STATES code', () => {
    for (const t of TRANSITIONS) {
      for (const s of t.from) {
        expect(ALL_STATES).toContain(s);
      }
      if (t.to !== 'SAME' && t.to !== 'PREVIOUS') {
        expect(ALL_STATES).toContain(t.to);
      }
    }
  });

  it('every transition has a legal basis for each regime it applies to, and none for a regime it does not', () => {
    for (const t of TRANSITIONS) {
      for (const regime of REGIMES) {
        const basis = t.legalBasis[regime];
        if (t.regimes.includes(regime)) {
          expect({ action: t.action, regime, basis: basis?.trim() || undefined }).toEqual({
            action: t.action,
            regime,
            basis: expect.any(String),
          });
          // L2017 rests on L17 / R07; L2023 cites L23.
          expect(basis).toMatch(regime === 'L2017' ? /\b(L17|R07) \d/ : /\bL23 \d/);
        } else {
          expect(basis).toBeUndefined();
        }
      }
    }
  });

  it('R07 41 ¶2 / L23 39 ¶2: RESUME cites the resumption paragraph (L23 40 is the superior organ ordering it)', () => {
    const [resume] = rowsOf('RESUME');
    expect(resume?.legalBasis.L2017).toMatch(/R07 41/);
    expect(resume?.legalBasis.L2023).toMatch(/L23 39/);
  });
});

describe('transition table: terminal states and reachability', () => {
  it('terminal states have no outgoing transitions but the superior organ’s orders (under any regime)', () => {
    for (const regime of REGIMES) {
      for (const state of TERMINAL_STATES) {
        const actions = transitionsFor(regime, state)
          .map((t) => t.action)
          .filter((a) => !SUPERIOR_ORDER_ACTIONS.includes(a));
        expect({ regime, state, actions }).toEqual({
          regime,
          state,
          actions: [],
        });
      }
    }
  });

  it.each(REGIMES)('every non-terminal state has at least one way out to another state (%s)', (regime) => {
    // CLOSED is not terminal only because the follow-up of the decision is recorded on the closed file (SAME).
    for (const state of ALL_STATES.filter((s) => !TERMINAL_STATES.includes(s) && s !== 'CLOSED')) {
      const exits = transitionsFor(regime, state).filter((t) => t.to !== 'SAME' && t.to !== state);
      expect({ state, exits: exits.length > 0 }).toEqual({ state, exits: true });
    }
  });

  it('the terminal states are exactly the outcomes that end the case before a decision', () => {
    expect([...TERMINAL_STATES].sort()).toEqual(
      ['DEEMED_WITHDRAWN', 'INFORMED', 'NOT_ACCEPTED', 'TERMINATED', 'TRANSFERRED', 'WITHDRAWN'].sort(),
    );
  });

  it('L17 32 / L23 77; R07 49: a CLOSED file records only the follow-up of the decision, and stays CLOSED', () => {
    for (const regime of REGIMES) {
      // Besides the superior organ's order to resume a dismissal (R07 48 ¶2; L23 35).
      const rows = transitionsFor(regime, 'CLOSED').filter((t) => !SUPERIOR_ORDER_ACTIONS.includes(t.action));
      expect(rows.map((t) => t.action)).toEqual(['RECORD_REMADE_ACT', 'RECORD_PERFORMANCE', 'SUPERVISE_COMPLIANCE']);
      expect(rows.every((t) => t.to === 'SAME')).toBe(true);
    }
  });

  it('L17: every state is reachable from RECEIVED (graph search)', () => {
    const reachable = reachableFromReceived('L2017');
    expect(ALL_STATES.filter((s) => !reachable.has(s))).toEqual([]);
  });

  it('L23: every state but TRANSFERRED and INFORMED is reachable from RECEIVED (graph search); L23 has no transfer channel and no 告知 (L23 30 ¶2 refuses instead)', () => {
    const reachable = reachableFromReceived('L2023');
    expect(ALL_STATES.filter((s) => !reachable.has(s)).sort()).toEqual(['INFORMED', 'TRANSFERRED']);
  });

  it('L17 28 / L23 61: a decided case is closed only through service (DECIDED → SERVED → CLOSED)', () => {
    for (const regime of REGIMES) {
      // Besides the superior organ's orders and the follow-up acts that change no state (L17 32; L23 77).
      const own = (state: CaseState) =>
        transitionsFor(regime, state)
          .filter((t) => !SUPERIOR_ORDER_ACTIONS.includes(t.action) && t.to !== 'SAME')
          .map((t) => t.action);
      expect(own('DECIDED')).toEqual(['SERVE_DECISION']);
      expect(own('SERVED')).toEqual(['CLOSE']);
    }
  });
});

describe('transition table: regimes', () => {
  it('L17 17 ¶1: INFORM (告知) is its own act, from RECEIVED like NOT_ACCEPT, to INFORMED, under L2017 only', () => {
    const inform = findTransition('L2017', 'RECEIVED', 'INFORM');
    expect(inform).toMatchObject({ to: 'INFORMED', legalBasis: { L2017: 'L17 17 ¶1' } });
    expect(findTransition('L2017', 'RECEIVED', 'NOT_ACCEPT')?.to).toBe('NOT_ACCEPTED');
    // Not after acceptance: an application found to be for another organ then is dismissed (R07 48 ¶1(2)).
    for (const state of ['ACCEPTED', 'UNDER_REVIEW', 'SUSPENDED', 'MEDIATION', 'CORRECTION_REQUESTED'] as const) {
      expect(findTransition('L2017', state, 'INFORM')).toBeUndefined();
    }
    // L23 30 ¶2: under L2023 the competent organ is named in a refusal (NOT_ACCEPT, L23_30_6_OUTSIDE_JURISDICTION).
    expect(findTransition('L2023', 'RECEIVED', 'INFORM')).toBeUndefined();
    expect(TERMINAL_STATES).toContain('INFORMED');
  });

  it('L17 15 ¶2: TRANSFER exists under L2017 only', () => {
    expect(findTransition('L2017', 'RECEIVED', 'TRANSFER')).toBeDefined();
    expect(findTransition('L2023', 'RECEIVED', 'TRANSFER')).toBeUndefined();
    expect(transitionsFor('L2023', 'RECEIVED').map((t) => t.action)).not.toContain('TRANSFER');
  });

  it('L23 55: CONVERT_TO_ORDINARY exists under L2023 only (L2017 knows one procedure)', () => {
    for (const state of ALL_STATES) {
      expect(findTransition('L2017', state, 'CONVERT_TO_ORDINARY')).toBeUndefined();
    }
    expect(findTransition('L2023', 'UNDER_REVIEW', 'CONVERT_TO_ORDINARY')).toBeDefined();
  });

  it('L23 67: the CONFIRMED_VOID decision exists under L2023 only', () => {
    expect(isCodeForRegime('DECISION_TYPES', 'CONFIRMED_VOID', 'L2023')).toBe(true);
    expect(isCodeForRegime('DECISION_TYPES', 'CONFIRMED_VOID', 'L2017')).toBe(false);
  });

  it('L17 15 ¶2 / L23 55: the ACTIONS code list restricts regime-specific actions to the regimes of the table', () => {
    for (const action of PROCEDURAL_ACTIONS) {
      const tableRegimes = new Set(rowsOf(action).flatMap((t) => t.regimes));
      const entry: ExtendedCodeEntry | undefined = ACTIONS.find((a) => a.code === action);
      const listed = entry?.regimes ? [...entry.regimes].sort() : [...REGIMES];
      expect({ action, regimes: listed }).toEqual({ action, regimes: [...tableRegimes].sort() });
    }
  });
});

describe('transition table: roles', () => {
  const rolesOf = (action: ProceduralAction): Role[] => [...new Set(rowsOf(action).flatMap((t) => t.roles))].sort();

  it.each([
    ['L17 28; L23 61', 'DECIDE'],
    ['L17 17; L23 30', 'NOT_ACCEPT'],
    ['R07 42; L23 41', 'TERMINATE'],
    ['L17 31; L23 62', 'EXTEND'],
  ] as [string, ProceduralAction][])('%s: %s is signed by the SUPERVISOR only', (_article, action) => {
    expect(rolesOf(action)).toEqual(['SUPERVISOR']);
  });

  it('L23 55: CONVERT_TO_ORDINARY needs the office head’s approval (行政复议机构的负责人批准): SUPERVISOR only', () => {
    expect(rolesOf('CONVERT_TO_ORDINARY')).toEqual(['SUPERVISOR']);
  });

  it.each([
    ['R07 18 / L23 22: CLERK may register an application', () => REGISTER_ROLES],
    ['L17 23 / L23 48: CLERK may send the copy to the respondent', () => rolesOf('SEND_COPY')],
    ['L17 31 ¶3 / L23 75: CLERK may serve the decision', () => rolesOf('SERVE_DECISION')],
    ['R07 29 / L23 31 ¶3: CLERK may record receipt of the correction', () => rolesOf('RECEIVE_CORRECTION')],
    ['L17 23 / L23 48: CLERK may record the respondent’s reply', () => rolesOf('RECEIVE_REPLY')],
  ] as [string, () => readonly Role[]][])('%s', (_name, roles) => {
    expect(roles()).toContain('CLERK');
  });

  it('L17 17 / L23 30: CLERK may not ACCEPT (acceptance is a decision of the organ)', () => {
    expect(rolesOf('ACCEPT')).not.toContain('CLERK');
    expect(rolesOf('ACCEPT')).toEqual(['OFFICER', 'SUPERVISOR']);
  });

  it('CLERK never decides, refuses, terminates, extends, suspends or transfers', () => {
    for (const action of ['DECIDE', 'NOT_ACCEPT', 'TERMINATE', 'EXTEND', 'SUSPEND', 'TRANSFER'] as const) {
      expect({ action, clerk: rolesOf(action).includes('CLERK') }).toEqual({ action, clerk: false });
    }
  });

  it('the SUPERVISOR may do everything an OFFICER may do', () => {
    for (const t of TRANSITIONS) {
      if (t.roles.includes('OFFICER')) {
        expect({ action: t.action, supervisor: t.roles.includes('SUPERVISOR') }).toEqual({
          action: t.action,
          supervisor: true,
        });
      }
    }
  });

  it('UNDO (a correction of the record) is SUPERVISOR-only; editing is open to the handling roles and the clerk', () => {
    expect([...UNDO_ROLES]).toEqual(['SUPERVISOR']);
    expect([...EDIT_ROLES].sort()).toEqual(['CLERK', 'OFFICER', 'SUPERVISOR']);
  });
});

describe('transition table: payloads', () => {
  it('every ProceduralAction has a payload class in ACTION_PAYLOADS', () => {
    expect(Object.keys(ACTION_PAYLOADS).sort()).toEqual([...PROCEDURAL_ACTIONS].sort());
    for (const action of PROCEDURAL_ACTIONS) {
      expect(typeof ACTION_PAYLOADS[action]).toBe('function');
    }
  });

  it('every ProceduralAction appears in the table, and the table uses no other action', () => {
    expect([...new Set(TRANSITIONS.map((t) => t.action))].sort()).toEqual([...PROCEDURAL_ACTIONS].sort());
  });

  it('every guard named in the table exists', () => {
    for (const t of TRANSITIONS) {
      for (const g of t.guards ?? []) {
        expect(Object.keys(GUARDS)).toContain(g);
      }
    }
  });
});

describe('guards', () => {
  const guardOf = (
    action: ProceduralAction,
    regime: LegalRegime,
    state: CaseState,
    f: CaseFacts,
  ): GuardName | undefined => failedGuard(findTransition(regime, state, action)?.guards, f);

  it('L23 31 ¶1: under L2023 correction may be requested only once (one notice naming everything)', () => {
    expect(guardOf('REQUEST_CORRECTION', 'L2023', 'RECEIVED', facts({ regime: 'L2023' }))).toBeUndefined();
    expect(
      guardOf('REQUEST_CORRECTION', 'L2023', 'RECEIVED', facts({ regime: 'L2023', correctionRequestCount: 1 })),
    ).toBe('correctionNotYetRequestedUnderL2023');
    expect(GUARDS.correctionNotYetRequestedUnderL2023.reason).toMatch(/L23 31/);
  });

  it('R07 29: under L2017 correction may be requested again after the materials came back', () => {
    expect(guardOf('REQUEST_CORRECTION', 'L2017', 'RECEIVED', facts({ regime: 'L2017' }))).toBeUndefined();
    expect(
      guardOf('REQUEST_CORRECTION', 'L2017', 'RECEIVED', facts({ regime: 'L2017', correctionRequestCount: 2 })),
    ).toBeUndefined();
  });

  it('L17 23 / L23 48: the respondent’s reply is recorded once (replyNotYetReceived)', () => {
    const f = facts({ state: 'UNDER_REVIEW', procedure: 'ORDINARY' });
    expect(guardOf('RECEIVE_REPLY', 'L2023', 'UNDER_REVIEW', f)).toBeUndefined();
    expect(guardOf('RECEIVE_REPLY', 'L2023', 'UNDER_REVIEW', { ...f, replyReceivedOn: '2024-03-20' })).toBe(
      'replyNotYetReceived',
    );
  });

  it.each(REGIMES)(
    'L17 31 / L23 62: the law caps the extensions at 30 days in all, not their number (extensionCapNotReached, %s)',
    (regime) => {
      const f = facts({ regime, state: 'UNDER_REVIEW', procedure: 'ORDINARY' });
      expect(guardOf('EXTEND', regime, 'UNDER_REVIEW', f)).toBeUndefined();
      // 15 + 15 is lawful: after a first 15 days the action is still available.
      expect(
        guardOf('EXTEND', regime, 'UNDER_REVIEW', { ...f, extensionDays: 15, extendedOn: '2024-05-01' }),
      ).toBeUndefined();
      expect(guardOf('EXTEND', regime, 'UNDER_REVIEW', { ...f, extensionDays: 30, extendedOn: '2024-05-01' })).toBe(
        'extensionCapNotReached',
      );
      // The reason names the statute's actual rule (the 30-day cap), not a limit on the number of extensions.
      expect(GUARDS.extensionCapNotReached.reason).toMatch(/30 days/);
      expect(GUARDS.extensionCapNotReached.reason).not.toMatch(/once/);
    },
  );

  it('L23 62 ¶2: a simplified-procedure case cannot be extended (ordinaryProcedure)', () => {
    const f = facts({ regime: 'L2023', state: 'UNDER_REVIEW', procedure: 'SIMPLIFIED' });
    expect(guardOf('EXTEND', 'L2023', 'UNDER_REVIEW', f)).toBe('ordinaryProcedure');
    expect(GUARDS.ordinaryProcedure.reason).toMatch(/L23 62/);
    expect(guardOf('EXTEND', 'L2023', 'UNDER_REVIEW', { ...f, procedure: 'ORDINARY' })).toBeUndefined();
  });

  it('L23 55: only a simplified-procedure case can be converted to ordinary (simplifiedProcedure)', () => {
    const f = facts({ regime: 'L2023', state: 'UNDER_REVIEW', procedure: 'SIMPLIFIED' });
    expect(guardOf('CONVERT_TO_ORDINARY', 'L2023', 'UNDER_REVIEW', f)).toBeUndefined();
    expect(guardOf('CONVERT_TO_ORDINARY', 'L2023', 'UNDER_REVIEW', { ...f, procedure: 'ORDINARY' })).toBe(
      'simplifiedProcedure',
    );
  });

  it('failedGuard reports the first failing guard, and nothing for a transition without guards', () => {
    const f = facts({ state: 'UNDER_REVIEW', procedure: 'SIMPLIFIED', extensionDays: 30 });
    expect(failedGuard(['extensionCapNotReached', 'ordinaryProcedure'], f)).toBe('extensionCapNotReached');
    expect(failedGuard(['ordinaryProcedure', 'extensionCapNotReached'], f)).toBe('ordinaryProcedure');
    expect(failedGuard(undefined, f)).toBeUndefined();
    expect(failedGuard([], f)).toBeUndefined();
  });
});

const guardOf = (
  action: ProceduralAction,
  regime: LegalRegime,
  state: CaseState,
  f: CaseFacts,
): GuardName | undefined => failedGuard(findTransition(regime, state, action)?.guards, f);

describe('issue 10: suspension before the copy, mediation in a suspension, not-counted periods', () => {
  const suspended = (fromState: 'ACCEPTED' | 'UNDER_REVIEW', ground = 'L23_39_6_MEDIATION_OR_SETTLEMENT') =>
    facts({
      regime: 'L2023',
      state: 'SUSPENDED',
      procedure: 'ORDINARY',
      suspensions: [{ from: '2024-03-10', to: null, ground: ground as never, fromState }],
    });

  it('L23 39: RESUME returns to the state the case was suspended from (ACCEPTED or UNDER_REVIEW)', () => {
    const resume = findTransition('L2023', 'SUSPENDED', 'RESUME');
    expect(resume?.to).toBe('PREVIOUS');
    expect(resume && targetState(resume, suspended('ACCEPTED'))).toBe('ACCEPTED');
    expect(resume && targetState(resume, suspended('UNDER_REVIEW'))).toBe('UNDER_REVIEW');
    // Facts stored before fromState was recorded mean UNDER_REVIEW.
    const old = facts({
      state: 'SUSPENDED',
      suspensions: [{ from: '2024-03-10', to: null, ground: 'L23_39_10_OTHER' }],
    });
    expect(resume && targetState(resume, old)).toBe('UNDER_REVIEW');
  });

  it('L23 39(6): START_MEDIATION in a suspended case only when suspended for mediation (suspendedForMediationIfSuspended)', () => {
    expect(guardOf('START_MEDIATION', 'L2023', 'SUSPENDED', suspended('UNDER_REVIEW'))).toBeUndefined();
    expect(
      guardOf(
        'START_MEDIATION',
        'L2023',
        'SUSPENDED',
        suspended('UNDER_REVIEW', 'L23_39_5_FORCE_MAJEURE_OR_GOOD_CAUSE'),
      ),
    ).toBe('suspendedForMediationIfSuspended');
    const l17 = facts({
      regime: 'L2017',
      state: 'SUSPENDED',
      suspensions: [{ from: '2021-03-10', to: null, ground: 'R07_41_8_OTHER', fromState: 'UNDER_REVIEW' }],
    });
    expect(guardOf('START_MEDIATION', 'L2017', 'SUSPENDED', l17)).toBe('suspendedForMediationIfSuspended');
    expect(
      guardOf('START_MEDIATION', 'L2017', 'UNDER_REVIEW', facts({ regime: 'L2017', state: 'UNDER_REVIEW' })),
    ).toBeUndefined();
  });

  it('L23 73 ¶2 / 39 ¶3: a failed mediation begun in a suspension returns to SUSPENDED (resuming is its own act)', () => {
    const failed = findTransition('L2023', 'MEDIATION', 'MEDIATION_FAILED');
    const inSuspension = {
      ...suspended('UNDER_REVIEW'),
      state: 'MEDIATION' as const,
      mediationStartedFrom: 'SUSPENDED' as const,
    };
    expect(failed && targetState(failed, inSuspension)).toBe('SUSPENDED');
    expect(failed && targetState(failed, { ...inSuspension, mediationStartedFrom: 'UNDER_REVIEW' })).toBe(
      'UNDER_REVIEW',
    );
    expect(failed && targetState(failed, { ...inSuspension, mediationStartedFrom: undefined })).toBe('UNDER_REVIEW');
  });

  it('R07 30, 34 ¶3, 37: END_NOT_COUNTED_PERIOD needs an open interval (notCountedPeriodOpen)', () => {
    const f = facts({ regime: 'L2017', state: 'UNDER_REVIEW' });
    expect(guardOf('END_NOT_COUNTED_PERIOD', 'L2017', 'UNDER_REVIEW', f)).toBe('notCountedPeriodOpen');
    const open = { ...f, notCountedPeriods: [{ kind: 'EXPERT_APPRAISAL' as const, from: '2021-04-01', to: null }] };
    expect(guardOf('END_NOT_COUNTED_PERIOD', 'L2017', 'UNDER_REVIEW', open)).toBeUndefined();
  });
});

describe('follow-up guards (R07 49; L17 28(1)(2), 32; L23 66, 77)', () => {
  const served = (o: Partial<CaseFacts> = {}): CaseFacts => ({
    ...initialFacts('L2023', '2024-03-01'),
    state: 'SERVED',
    servedOn: '2024-05-15',
    ...o,
  });
  it('R07 49: RECORD_REMADE_ACT needs a remake order not yet met', () => {
    expect(GUARDS.remakePending.check(served())).toBe(false);
    expect(GUARDS.remakePending.check(served({ remakeDeadlineDays: 60 }))).toBe(true);
    expect(GUARDS.remakePending.check(served({ remakeDeadlineDays: 60, remadeActOn: '2024-06-01' }))).toBe(false);
  });
  it('L23 66, 77: RECORD_PERFORMANCE needs an order to perform, or an open order to comply, not yet performed', () => {
    expect(GUARDS.performancePending.check(served({ decisionType: 'UPHELD' }))).toBe(false);
    expect(GUARDS.performancePending.check(served({ decisionType: 'ORDERED_TO_PERFORM' }))).toBe(true);
    expect(
      GUARDS.performancePending.check(served({ decisionType: 'ORDERED_TO_PERFORM', performedOn: '2024-06-01' })),
    ).toBe(false);
    expect(
      GUARDS.performancePending.check(
        served({ decisionType: 'VARIED', complianceOrderedOn: '2024-06-01', complianceDueOn: '2024-06-20' }),
      ),
    ).toBe(true);
  });
});

describe('issue 10: receipt of the copy', () => {
  it('L17 23 / L23 48; L23 39: the receipt of a copy is recorded only once a copy was sent, and once', () => {
    const suspendedBeforeCopy: CaseFacts = {
      ...initialFacts('L2023', '2024-03-01'),
      state: 'SUSPENDED',
      acceptedOn: '2024-03-04',
      suspensions: [{ from: '2024-03-05', to: null, ground: 'L23_39_10_OTHER', fromState: 'ACCEPTED' }],
    };
    expect(failedGuard(findTransition('L2023', 'SUSPENDED', 'RECORD_COPY_RECEIPT')?.guards, suspendedBeforeCopy)).toBe(
      'copySentNotYetReceived',
    );
    const sent = { ...suspendedBeforeCopy, copySentOn: '2024-03-04' };
    expect(failedGuard(findTransition('L2023', 'SUSPENDED', 'RECORD_COPY_RECEIPT')?.guards, sent)).toBeUndefined();
    expect(
      failedGuard(findTransition('L2023', 'SUSPENDED', 'RECORD_COPY_RECEIPT')?.guards, {
        ...sent,
        copyReceivedOn: '2024-03-05',
      }),
    ).toBe('copyReceiptNotYetRecorded');
  });
});
