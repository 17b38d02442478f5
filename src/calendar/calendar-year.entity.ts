import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CalendarDayEntry } from './calendar-year';

/**
 * One year of the State Council's holiday arrangement, as data the office maintains (GET/PUT /v1/calendar/{year}).
 * Seeded for 2020–2026 from src/calendar/seed/, one reviewable file per year naming its notice.
 */
@Entity('calendar_year')
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'text' })
  notice: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  amendments: string[];

  @Column({ type: 'jsonb' })
  restDays: CalendarDayEntry[];

  @Column({ type: 'jsonb' })
  makeUpWorkdays: CalendarDayEntry[];

  @Column({ type: 'text', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
