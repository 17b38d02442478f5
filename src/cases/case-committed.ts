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

/**
 * Where other modules subscribe to the write side. Modules register in their own onModuleInit, so the dependency
 * points from the subscriber to cases/ (deadlines/ → cases/, events/ → cases/) and cases/ knows none of them.
 * The statistics rollup subscribes at the database level instead: a trigger on the projection (src/statistics/rollup.ts)
 * keeps it for every writer, the case loader and SQL repairs included.
 */
@Injectable()
export class CaseCommitPublisher {
  private readonly subscribers: { name: string; handle: CaseCommitSubscriber }[] = [];

  subscribe(name: string, handle: CaseCommitSubscriber): void {
    if (this.subscribers.some((s) => s.name === name)) {
      throw new Error(`a subscriber named ${name} is already registered`);
    }
    this.subscribers.push({ name, handle });
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
}
