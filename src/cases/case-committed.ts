import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEntity } from './case.entity';
import type { WriteStep } from '../database/write-statement';
import type { CaseEventEntity } from './history/case-event.entity';
import type { NewCaseEvent } from './history/case-event.repository';

/**
 * The notice of acts written in batches (the ledger import, issue 12): published inside the batch's transaction,
 * after its events are appended and its projections written, to the subscribers' batch handlers, so that what they
 * write (stored deadlines, the outbox rows of the event feed and webhooks) exists if and only if the batch commits.
 * A single act (registration, a procedural act, UNDO, an edit, an assignment of handlers) does not publish a notice:
 * its subscribers plan steps of the act's own statement instead (PendingCommit, CaseCommitPlanner below).
 */
export interface CaseCommitted {
  /** The act's transaction: subscribers write with it, never with a connection of their own. */
  readonly manager: EntityManager;
  /** The projection as just written (version already incremented). */
  readonly case: CaseEntity;
  /** The event just appended to the case's history, with its id and recorded time. */
  readonly event: CaseEventEntity;
}

/**
 * An act about to be committed: the projection as it will be (version incremented; updated_at is the database's)
 * and the event as it will be appended (its identity and recorded_at are the database's: `act_event`).
 */
export interface PendingCommit {
  /** The act's transaction, for reads a subscriber needs to plan its writes (the calendar when it must be rebuilt). */
  readonly manager: EntityManager;
  readonly case: CaseEntity;
  readonly event: NewCaseEvent;
}

/**
 * What a subscriber writes for one act: steps of the act's own commit statement (composeStatement), after the CTEs
 * `act_case` (the case as written: updated_at, case_number …) and `act_event` (id, recorded_at). One statement for
 * the event, the projection and every subscriber's rows (issue 18 pt 1): they exist if and only if the act does.
 */
export type CaseCommitPlanner = (pending: PendingCommit) => Promise<readonly WriteStep[]> | readonly WriteStep[];

/** Many notices of one transaction at once (the ledger import's batches): one statement for all, where it can be. */
export type CaseCommitBatchSubscriber = (manager: EntityManager, notices: readonly CaseCommitted[]) => Promise<void>;

/**
 * Where other modules subscribe to the write side. Modules register in their own onModuleInit, so the dependency
 * points from the subscriber to cases/ (deadlines/ → cases/, events/ → cases/) and cases/ knows none of them.
 * The statistics rollup subscribes at the database level instead: a trigger on the projection (src/statistics/rollup.ts)
 * keeps it for every writer, the case loader and SQL repairs included.
 */
@Injectable()
export class CaseCommitPublisher {
  private readonly subscribers: {
    name: string;
    plan: CaseCommitPlanner;
    handleBatch: CaseCommitBatchSubscriber;
  }[] = [];

  /** `plan`: the writes of one act, in its statement; `handleBatch`: the same work for many acts of one transaction. */
  subscribe(name: string, plan: CaseCommitPlanner, handleBatch: CaseCommitBatchSubscriber): void {
    if (this.subscribers.some((s) => s.name === name)) {
      throw new Error(`a subscriber named ${name} is already registered`);
    }
    this.subscribers.push({ name, plan, handleBatch });
  }

  /** The subscribers' names in the order they run (for the README and a test of the wiring). */
  names(): string[] {
    return this.subscribers.map((s) => s.name);
  }

  /** Every subscriber's steps for one act, in registration order: the act's statement runs them after its own. */
  async plan(pending: PendingCommit): Promise<WriteStep[]> {
    const steps: WriteStep[] = [];
    for (const subscriber of this.subscribers) {
      steps.push(...(await subscriber.plan(pending)));
    }
    return steps;
  }

  /** Many acts committed in one transaction (the ledger import's batches), in the subscribers' order. */
  async publishAll(
    manager: EntityManager,
    commits: ReadonlyArray<Pick<CaseCommitted, 'case' | 'event'>>,
  ): Promise<void> {
    const notices = commits.map((c) => ({ manager, case: c.case, event: c.event }));
    for (const subscriber of this.subscribers) {
      await subscriber.handleBatch(manager, notices);
    }
  }
}
