import { ImportJobEntity } from '../imports/import-job.entity';
import { ApiKeyEntity } from '../auth/api-key.entity';
import { CalendarChangeEntity } from '../calendar/calendar-change.entity';
import { CalendarYearEntity } from '../calendar/calendar-year.entity';
import { CaseDeadlineEntity } from '../deadlines/case-deadline.entity';
import { CaseNumberSequenceEntity } from '../cases/case-number-sequence.entity';
import { CaseEntity } from '../cases/case.entity';
import { IdempotencyRecordEntity } from '../common/idempotency/idempotency-record.entity';
import { CaseEventEntity } from '../cases/history/case-event.entity';
import { OrganEntity } from '../organs/organ.entity';
import { PersonalDataReadEntity } from '../personal-data/personal-data-read.entity';
import { PersonalDatumEntity } from '../personal-data/personal-datum.entity';
import { BaselineEntity } from '../statistics/baseline.entity';
import { FrozenReportEntity } from '../statistics/frozen-report.entity';
import { ReportTemplateEntity } from '../statistics/report-template.entity';
import { StatisticsRollupEntity } from '../statistics/statistics-rollup.entity';

/** Every entity, listed explicitly (no globs): the same list works under ts-jest, tsc output and the CLI scripts. */
export const ALL_ENTITIES = [
  ApiKeyEntity,
  OrganEntity,
  CaseNumberSequenceEntity,
  CaseEntity,
  CaseEventEntity,
  IdempotencyRecordEntity,
  CalendarYearEntity,
  CalendarChangeEntity,
  CaseDeadlineEntity,
  ReportTemplateEntity,
  FrozenReportEntity,
  BaselineEntity,
  StatisticsRollupEntity,
  PersonalDatumEntity,
  PersonalDataReadEntity,
  ImportJobEntity,
];
