import { RateLimitCounters1796500000000 } from './1796500000000-RateLimitCounters';
import { EventOutbox1796600000000 } from './1796600000000-EventOutbox';
import { Webhooks1796700000000 } from './1796700000000-Webhooks';
import { StatisticsPopulations1796800000000 } from './1796800000000-StatisticsPopulations';
import { OrganHierarchy1796810000000 } from './1796810000000-OrganHierarchy';
import { CodeListCodes1796820000000 } from './1796820000000-CodeListCodes';
import { OutcomeDetailsForEveryOutcome1796830000000 } from './1796830000000-OutcomeDetailsForEveryOutcome';
import { CrosstabReopenedIndex1796840000000 } from './1796840000000-CrosstabReopenedIndex';
import { StatisticsBaselines1796850000000 } from './1796850000000-StatisticsBaselines';
import { RollupYearGrain1796860000000 } from './1796860000000-RollupYearGrain';
import { CrosstabCoveringIndex1796870000000 } from './1796870000000-CrosstabCoveringIndex';
import { LedgerImports1796880000000 } from './1796880000000-LedgerImports';
import { RollupForImportBatches1796890000000 } from './1796890000000-RollupForImportBatches';
import { ImportJobHeartbeat1796900000000 } from './1796900000000-ImportJobHeartbeat';
import { RollupAddByDay1796910000000 } from './1796910000000-RollupAddByDay';
import { CacheInvalidationNotices1796920000000 } from './1796920000000-CacheInvalidationNotices';
import { PersonalDataVault1796312000000 } from './1796312000000-PersonalDataVault';
import { PersonalDataReadAudit1796313500000 } from './1796313500000-PersonalDataReadAudit';
import { ProvisionalDeadlines1796172801817 } from './1796172801817-ProvisionalDeadlines';
import { AuditorRole1796300000000 } from './1796300000000-AuditorRole';
import { ApiKeyOrganScope1796313000000 } from './1796313000000-ApiKeyOrganScope';
import { IdempotencyRetention1796400000000 } from './1796400000000-IdempotencyRetention';
import { OrganLevel1795700000000 } from './1795700000000-OrganLevel';
import { OutcomeDetailAndReopening1795691212000 } from './1795691212000-OutcomeDetailAndReopening';
import { ListAndQueueIndexes1795686741231 } from './1795686741231-ListAndQueueIndexes';
import { StatisticsRollup1795684881911 } from './1795684881911-StatisticsRollup';
import { FrozenReportTruncateGuard1795678900000 } from './1795678900000-FrozenReportTruncateGuard';
import { Statistics1795677662640 } from './1795677662640-Statistics';
import { Deadlines1795676415342 } from './1795676415342-Deadlines';
import { Cases1795676106105 } from './1795676106105-Cases';
import { Foundation1795675483207 } from './1795675483207-Foundation';
/**
 * Every migration, in order. TypeORM gets classes rather than a glob so the same list works under ts-jest, the built
 * service and the CLI scripts. `npm run migration:generate -- Name` writes a new file and lists it here; a unit test
 * checks that no file in this folder is missing from the list.
 */
export const ALL_MIGRATIONS: Function[] = [
  Foundation1795675483207,
  Cases1795676106105,
  Deadlines1795676415342,
  Statistics1795677662640,
  FrozenReportTruncateGuard1795678900000,
  StatisticsRollup1795684881911,
  ListAndQueueIndexes1795686741231,
  OutcomeDetailAndReopening1795691212000,
  OrganLevel1795700000000,
  ProvisionalDeadlines1796172801817,
  AuditorRole1796300000000,
  PersonalDataVault1796312000000,
  ApiKeyOrganScope1796313000000,
  PersonalDataReadAudit1796313500000,
  IdempotencyRetention1796400000000,
  RateLimitCounters1796500000000,
  EventOutbox1796600000000,
  Webhooks1796700000000,
  StatisticsPopulations1796800000000,
  OrganHierarchy1796810000000,
  CodeListCodes1796820000000,
  OutcomeDetailsForEveryOutcome1796830000000,
  CrosstabReopenedIndex1796840000000,
  StatisticsBaselines1796850000000,
  RollupYearGrain1796860000000,
  CrosstabCoveringIndex1796870000000,
  LedgerImports1796880000000,
  RollupForImportBatches1796890000000,
  ImportJobHeartbeat1796900000000,
  RollupAddByDay1796910000000,
  CacheInvalidationNotices1796920000000,
];
