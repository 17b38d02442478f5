import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface WindowCount {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Whole seconds until the current window ends (at least 1). */
  resetSeconds: number;
}

/**
 * The SQL of the shared rate-limit counters (table rate_limit_counter, UNLOGGED). The window is computed from the
 * database's clock, so that every instance agrees on where a minute starts whatever its own clock says.
 */
@Injectable()
export class RateLimitRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Counts one hit against `bucket` in the current fixed window, in ONE statement (an UPSERT … RETURNING, one round
   * trip): a row of a bucket whose window has passed starts over at 1. GREATEST keeps a window from moving back when
   * two instances' statements race across a window boundary. Concurrent hits of one bucket serialise on its row lock
   * for the few microseconds of the update.
   */
  async hit(bucket: string, windowSeconds: number): Promise<WindowCount> {
    const rows = await this.dataSource.query<Array<{ hits: number; reset: number }>>(
      `INSERT INTO rate_limit_counter AS c (bucket, window_start, hits)
       VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2::int) * $2::int), 1)
       ON CONFLICT (bucket) DO UPDATE
         SET hits = CASE WHEN EXCLUDED.window_start > c.window_start THEN 1 ELSE c.hits + 1 END,
             window_start = GREATEST(c.window_start, EXCLUDED.window_start)
       RETURNING hits,
                 greatest(1, ceil(extract(epoch FROM c.window_start + make_interval(secs => $2::int) - now())))::int
                   AS reset`,
      [bucket, windowSeconds],
    );
    const row = rows[0];
    if (!row) {
      throw new Error('rate_limit_counter: the upsert returned no row');
    }
    return { hits: row.hits, resetSeconds: row.reset };
  }

  /** Deletes the counters of buckets idle for a whole window: the table holds only clients active in the last minutes. */
  async purgeBefore(windowSeconds: number): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(
      `WITH gone AS (
         DELETE FROM rate_limit_counter WHERE window_start < now() - make_interval(secs => 2 * $1::int) RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [windowSeconds],
    );
    const deleted = row?.n ?? 0;
    return deleted;
  }
}
