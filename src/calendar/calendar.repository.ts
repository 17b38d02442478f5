import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarChangeEntity } from './calendar-change.entity';
import { CalendarYearEntity } from './calendar-year.entity';

@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  allYears(manager?: EntityManager): Promise<CalendarYearEntity[]> {
    return (manager ?? this.dataSource.manager).getRepository(CalendarYearEntity).find({ order: { year: 'ASC' } });
  }

  findYear(year: number): Promise<CalendarYearEntity | null> {
    return this.dataSource.getRepository(CalendarYearEntity).findOneBy({ year });
  }

  /** Serialises calendar edits (and the recomputation they trigger) across instances. */
  async lockCalendar(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('reconsideration:calendar'))`);
  }

  async upsertYear(manager: EntityManager, row: Partial<CalendarYearEntity>): Promise<void> {
    await manager.getRepository(CalendarYearEntity).upsert(row, ['year']);
  }

  async recordChange(manager: EntityManager, change: Partial<CalendarChangeEntity>): Promise<void> {
    await manager.getRepository(CalendarChangeEntity).insert(change);
  }
}
