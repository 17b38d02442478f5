/**
 * Progress output of the command-line tools (issue 12 pt 4): `npm run import` and `npm run load` show the same line.
 * On a terminal it is one bar redrawn in place on stderr; in a CI log (stderr not a TTY) a plain line every 10 %,
 * so that a log of a 100,000-row import has a dozen lines, not a hundred thousand carriage returns.
 */

export interface ProgressSnapshot {
  /** What is being counted now (VALIDATE, COMMIT, LOAD …); omitted from the line when absent. */
  phase?: string;
  done: number;
  total: number;
  /** Epoch milliseconds when this phase started (the rate and the ETA count from it). */
  startedAt: number;
  /** Epoch milliseconds of this snapshot. */
  now: number;
  /** What `done` counts, for the rate ("rows/s", "cases/s"). */
  unit?: string;
}

const BAR_WIDTH = 24;

/** `0:07`, `12:34`, `1:02:03`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** The fraction done, 0–1 (a phase with nothing to do is complete). */
function fractionOf(done: number, total: number): number {
  if (total <= 0) {
    return 1;
  }
  return Math.min(1, Math.max(0, done / total));
}

/**
 * One progress line, a pure function of the snapshot:
 * `VALIDATE [##########--------------]  1200/3000  40.0%  600 rows/s  ETA 0:03`.
 */
export function formatProgress(s: ProgressSnapshot, options: { bar?: boolean } = {}): string {
  const fraction = fractionOf(s.done, s.total);
  const parts: string[] = [];
  if (s.phase) {
    parts.push(s.phase);
  }
  if (options.bar !== false) {
    const filled = Math.round(fraction * BAR_WIDTH);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`);
  }
  const width = String(Math.max(s.total, 0)).length;
  parts.push(`${String(s.done).padStart(width)}/${s.total}`);
  parts.push(`${(fraction * 100).toFixed(1).padStart(5)}%`);
  const elapsed = (s.now - s.startedAt) / 1000;
  const rate = elapsed > 0 ? s.done / elapsed : 0;
  parts.push(`${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} ${s.unit ?? 'rows'}/s`);
  if (fraction >= 1) {
    parts.push(`in ${formatDuration(elapsed)}`);
  } else {
    parts.push(rate > 0 ? `ETA ${formatDuration((s.total - s.done) / rate)}` : 'ETA --');
  }
  return parts.join('  ');
}

/** The part of a stream the writer needs (process.stderr, or a test's buffer). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressWriter {
  /** Reports `done` of `total` in `phase`; a new phase restarts the clock (and, on a terminal, the line). */
  update(done: number, total: number, phase?: string): void;
  /** Ends the current line (a terminal's bar is left showing its last state). */
  finish(): void;
}

export interface ProgressWriterOptions {
  unit?: string;
  /** Epoch milliseconds; Date.now by default (tests pass their own clock). */
  clock?: () => number;
  /** Redraw a terminal's bar at most this often (ms), except for the last update of a phase. Default 100. */
  redrawEveryMs?: number;
}

/** A bar redrawn in place when the stream is a TTY, else a plain line at every 10 % (and at the end of a phase). */
export function progressWriter(stream: ProgressStream, options: ProgressWriterOptions = {}): ProgressWriter {
  const clock = options.clock ?? Date.now;
  const redrawEveryMs = options.redrawEveryMs ?? 100;
  const tty = stream.isTTY === true;
  let phase: string | undefined;
  let startedAt = 0;
  let started = false;
  let lastDraw = -Infinity;
  let lastDecile = -1;
  let lineOpen = false;
  let last: { done: number; total: number } | undefined;

  const line = (done: number, total: number, now: number) =>
    formatProgress({
      ...(phase !== undefined ? { phase } : {}),
      done,
      total,
      startedAt,
      now,
      ...(options.unit !== undefined ? { unit: options.unit } : {}),
    });

  const endLine = () => {
    if (tty && lineOpen) {
      stream.write('\n');
    }
    lineOpen = false;
  };

  return {
    update(done, total, nextPhase) {
      const now = clock();
      if (!started || nextPhase !== phase) {
        endLine();
        started = true;
        phase = nextPhase;
        startedAt = now;
        lastDraw = -Infinity;
        lastDecile = -1;
        last = undefined;
      }
      if (last && last.done === done && last.total === total) {
        return;
      }
      last = { done, total };
      const complete = fractionOf(done, total) >= 1;
      if (tty) {
        if (complete || now - lastDraw >= redrawEveryMs) {
          lastDraw = now;
          stream.write(`\r${line(done, total, now)}\x1b[K`);
          lineOpen = true;
        }
        return;
      }
      const decile = Math.floor(fractionOf(done, total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${line(done, total, now)}\n`);
      }
    },
    finish() {
      endLine();
    },
  };
}
