import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  redactDatabaseUrl,
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type RunningPostgres,
} from './embedded-postgres';

jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, '..', '..');
const tmpDirs: string[] = [];
const servers: RunningPostgres[] = [];

function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-pg-spec-'));
  tmpDirs.push(dir);
  return dir;
}

async function start(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const server = await startEmbeddedPostgres({ throwaway: true, ...options });
  servers.push(server);
  return server;
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** A zombie (exited, not yet reaped by init) counts as gone: it runs nothing and holds no port. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') {
      return false;
    }
    throw error;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const server of servers) {
    await server.stop();
  }
  for (const dir of tmpDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('startEmbeddedPostgres', () => {
  it('starts a real PostgreSQL, and a second start on the same data directory keeps data and password', async () => {
    const dataDir = freshDir();
    const first = await start({ dataDir });
    expect(first.url).toBe(
      `postgres://postgres:${encodeURIComponent(first.password)}@127.0.0.1:${first.port}/reconsideration`,
    );
    expect(first.port).not.toBe(5432);
    expect(await query(first.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    const [shown] = await query<{ server_version: string }>(first.url, 'show server_version');
    expect(shown?.server_version.startsWith(first.version)).toBe(true);
    expect(first.version).toMatch(/^\d+\.\d+/);
    await query(first.url, "create table kept (name text); insert into kept values ('survives a restart')");
    await first.stop();

    const second = await start({ dataDir });
    expect(second.password).toBe(first.password);
    const urlWithFirstPassword = first.url.replace(`:${first.port}/`, `:${second.port}/`);
    expect(await query(urlWithFirstPassword, 'select name from kept')).toEqual([{ name: 'survives a restart' }]);
    await second.stop();
  });

  it('creates the requested database, and uses password authentication', async () => {
    const server = await start({ dataDir: freshDir(), database: 'case "files"' });
    expect(server.database).toBe('case "files"');
    expect(await query(server.url, 'select current_database() as db')).toEqual([{ db: 'case "files"' }]);
    await expect(query(server.url.replace(server.password, 'wrong'), 'select 1')).rejects.toThrow(/password/);
    await server.stop();
  });

  it('stop() ends the postmaster, and is idempotent', async () => {
    const dataDir = freshDir();
    const server = await start({ dataDir });
    const pid = postmasterPid(dataDir);
    expect(isRunning(pid)).toBe(true);
    await Promise.all([server.stop(), server.stop()]);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    await server.stop();
  });

  it('starts over a stale postmaster.pid left by a killed server', async () => {
    const dataDir = freshDir();
    const killed = await start({ dataDir });
    process.kill(postmasterPid(dataDir), 'SIGKILL');
    await killed.stop(); // resolves at once: the process has already gone
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true);

    const restarted = await start({ dataDir });
    expect(await query(restarted.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await restarted.stop();
  });

  it('refuses, with a clear message, a data directory that a live server holds', async () => {
    const dataDir = freshDir();
    const server = await start({ dataDir });
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/another PostgreSQL server is already running/);
    expect(await query(server.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await server.stop();
  });

  it('leaves no orphaned postgres when node is killed with SIGKILL', async () => {
    if (!['/usr/bin/setpriv', '/bin/setpriv'].some((file) => fs.existsSync(file))) {
      console.log('setpriv is not installed: orphan protection is reduced, so this check does not apply');
      return;
    }
    const dataDir = freshDir();
    const fixture = path.join(repoRoot, 'test', 'fixtures', 'embedded-postgres-child.js');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', fixture, dataDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const pid = await new Promise<number>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const line = stdout.split('\n')[0];
          if (stdout.includes('\n') && line) {
            resolve((JSON.parse(line) as { pid: number }).pid);
          }
        });
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
      });
      expect(isRunning(pid)).toBe(true);
      child.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      while (isRunning(pid) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(isRunning(pid)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('runs the binaries of binDir, e.g. the Debian PostgreSQL 15', async () => {
    const binDir = '/usr/lib/postgresql/15/bin';
    if (!fs.existsSync(path.join(binDir, 'postgres'))) {
      console.log(`${binDir}/postgres is not installed: the binDir override is not exercised here`);
      return;
    }
    const server = await start({ dataDir: freshDir(), binDir });
    expect(server.version.startsWith('15')).toBe(true);
    const [shown] = await query<{ server_version: string }>(server.url, 'show server_version');
    expect(shown?.server_version.startsWith('15')).toBe(true);
    await server.stop();
  });

  it('names the data directory and PG_DATA_DIR when the server account cannot reach it', async () => {
    if (process.getuid?.() !== 0) {
      console.log('not root: no separate server account, so every directory we can create is reachable');
      return;
    }
    const privateParent = freshDir(); // mkdtemp makes it 0700 root: the postgres/nobody account cannot enter
    const dataDir = path.join(privateParent, 'data');
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
      expect.objectContaining({ message: expect.stringMatching(new RegExp(`${dataDir}.*PG_DATA_DIR`, 's')) }),
    );
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password of any postgres URL', () => {
    expect(redactDatabaseUrl('postgres://app:s3cr%40t@db.example:5432/cases?sslmode=require')).toBe(
      'postgres://app:***@db.example:5432/cases?sslmode=require',
    );
    expect(redactDatabaseUrl('postgresql://app:pw@127.0.0.1:5433/db')).toBe('postgresql://app:***@127.0.0.1:5433/db');
    expect(redactDatabaseUrl('postgres://h/db?user=app&password=pw')).toBe('postgres://h/db?user=app&password=***');
    expect(redactDatabaseUrl('postgres://app@h/db')).toBe('postgres://app@h/db');
    expect(redactDatabaseUrl('not a url password=pw')).toBe('not a url password=***');
  });
});
