import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEntity } from './case.entity';
import type { CaseEventEntity } from './history/case-event.entity';

/**
 * The notice that the write side publishes after every committed act on a case: registration, a procedural act,
 * UNDO, an edit, an assignment of handlers. It is published *inside the act's transaction*, after the event is
 * appended and the projection written, so that what a subscriber writes (stored deadlines, the outbox row of the
 * event feed and webhooks) exists if and only if the act is committed. A subscriber that throws refuses the act.
 */
export interface CaseCommitted {
  /** The act's transaction: subscribers write with it, never with a connection of their own. */
  readonly manager: EntityManager;
  /** The projection as just written (version already incremented). */
  readonly case: CaseEntity;
  /** The event just appended to the case's history, with its id and recorded time. */
  readonly event: CaseEventEntity;
}

export type CaseCommitSubscriber = (notice: CaseCommitted) => Promise<void>;

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
    handle: CaseCommitSubscriber;
    handleBatch: CaseCommitBatchSubscriber | undefined;
  }[] = [];

  /** `handleBatch`: the same work for many notices of one transaction; without it, `handle` runs once per notice. */
  subscribe(name: string, handle: CaseCommitSubscriber, handleBatch?: CaseCommitBatchSubscriber): void {
    if (this.subscribers.some((s) => s.name === name)) {
      throw new Error(`a subscriber named ${name} is already registered`);
    }
    this.subscribers.push({ name, handle, handleBatch });
  }

  /** The subscribers' names in the order they run (for the README and a test of the wiring). */
  names(): string[] {
    return this.subscribers.map((s) => s.name);
  }

  /** Runs every subscriber in registration order, in the act's transaction (one after another: one connection). */
  async publish(notice: CaseCommitted): Promise<void> {
    for (const subscriber of this.subscribers) {
      await subscriber.handle(notice);
    }
  }

  /** Many acts committed in one transaction (the ledger import's batches), in the subscribers' order. */
  async publishAll(
    manager: EntityManager,
    commits: ReadonlyArray<Pick<CaseCommitted, 'case' | 'event'>>,
  ): Promise<void> {
    const notices = commits.map((c) => ({ manager, case: c.case, event: c.event }));
    for (const subscriber of this.subscribers) {
      if (subscriber.handleBatch) {
        await subscriber.handleBatch(manager, notices);
      } else {
        for (const notice of notices) {
          await subscriber.handle(notice);
        }
      }
    }
  }
}
