import { buildDataSourceOptions, SILENT_TYPEORM_LOGGER } from './data-source';

describe('TypeORM logs no query and no parameter at any level (issue 13 §5)', () => {
  it('logging is off and the logger drops everything', () => {
    const options = buildDataSourceOptions({ url: 'postgres://x@localhost/db' });
    expect(options.logging).toBe(false);
    expect(options.logger).toBe(SILENT_TYPEORM_LOGGER);
    expect(options.maxQueryExecutionTime).toBeUndefined();
  });
});
