import { describeEnvironment, InvalidEnvironmentError, loadEnv } from './env';

describe('configuration', () => {
  it('applies defaults', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.DB_MIGRATE_ON_START).toBe(true);
    expect(env.PG_DATA_DIR).toBe('.data/postgres');
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('converts numbers and booleans from strings', () => {
    const env = loadEnv({ PORT: '8080', DB_MIGRATE_ON_START: 'false', DATABASE_URL: 'postgres://u:p@db:5432/x' });
    expect(env.PORT).toBe(8080);
    expect(env.DB_MIGRATE_ON_START).toBe(false);
    expect(env.DATABASE_URL).toBe('postgres://u:p@db:5432/x');
  });

  it('refuses a wrong value with a message naming the variable, and never echoes a secret', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(InvalidEnvironmentError);
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadEnv({ DB_MIGRATE_ON_START: 'maybe' })).toThrow(/DB_MIGRATE_ON_START/);
    let message = '';
    try {
      loadEnv({ DATABASE_URL: 'mysql://root:hunter2@x/y' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).not.toContain('hunter2');
  });

  it('DOCS_ENABLED defaults to off in production and on elsewhere; an explicit value wins (issue 14 §4)', () => {
    expect(loadEnv({ NODE_ENV: 'production' }).DOCS_ENABLED).toBe(false);
    expect(loadEnv({ NODE_ENV: 'development' }).DOCS_ENABLED).toBe(true);
    expect(loadEnv({ NODE_ENV: 'test' }).DOCS_ENABLED).toBe(true);
    expect(loadEnv({}).DOCS_ENABLED).toBe(true);
    expect(loadEnv({ NODE_ENV: 'production', DOCS_ENABLED: 'true' }).DOCS_ENABLED).toBe(true);
    expect(loadEnv({ NODE_ENV: 'development', DOCS_ENABLED: 'false' }).DOCS_ENABLED).toBe(false);
    expect(() => loadEnv({ DOCS_ENABLED: 'sometimes' })).toThrow(/DOCS_ENABLED/);
    expect(describeEnvironment().find((v) => v.name === 'DOCS_ENABLED')?.default).toBe(
      'false in production, else true',
    );
  });

  it('keeps metrics and traces off by default, and refuses a metrics port that is the API port', () => {
    expect(loadEnv({})).toMatchObject({ METRICS_PORT: 0, METRICS_HOST: '127.0.0.1', OTEL_TRACES_EXPORTER: 'none' });
    expect(loadEnv({ METRICS_PORT: '9464', OTEL_TRACES_EXPORTER: 'otlp' })).toMatchObject({
      METRICS_PORT: 9464,
      OTEL_TRACES_EXPORTER: 'otlp',
    });
    expect(() => loadEnv({ PORT: '3000', METRICS_PORT: '3000' })).toThrow(/METRICS_PORT must differ from PORT/);
    expect(() => loadEnv({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER/);
    expect(() => loadEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('describes every variable (the README table is built from this)', () => {
    const names = describeEnvironment().map((v) => v.name);
    expect(names).toEqual(
      expect.arrayContaining(['PORT', 'HOST', 'DATABASE_URL', 'PG_DATA_DIR', 'BOOTSTRAP_ADMIN_KEY']),
    );
    for (const v of describeEnvironment()) {
      expect(v.description.length).toBeGreaterThan(10);
    }
  });
});
