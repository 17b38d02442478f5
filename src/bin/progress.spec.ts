import { formatDuration, formatProgress, progressWriter } from './progress';

describe('progress line', () => {
  it('shows the phase, a bar, done/total, the percent, the rate and the ETA', () => {
    const line = formatProgress({ phase: 'VALIDATE', done: 1200, total: 3000, startedAt: 0, now: 2000 });
    expect(line).toBe('VALIDATE  [##########--------------]  1200/3000   40.0%  600 rows/s  ETA 0:03');
  });

  it('says how long a finished phase took instead of an ETA', () => {
    const line = formatProgress({ done: 50, total: 50, startedAt: 1000, now: 126_000, unit: 'cases' });
    expect(line).toBe('[########################]  50/50  100.0%  0.4 cases/s  in 2:05');
  });

  it('has no ETA before anything is done, and counts an empty phase as complete', () => {
    expect(formatProgress({ done: 0, total: 10, startedAt: 0, now: 0 })).toContain('ETA --');
    expect(formatProgress({ done: 0, total: 0, startedAt: 0, now: 500 }, { bar: false })).toBe(
      '0/0  100.0%  0.0 rows/s  in 0:01',
    );
  });

  it('formats durations as m:ss and h:mm:ss', () => {
    expect([formatDuration(7), formatDuration(754), formatDuration(3723), formatDuration(-3)]).toEqual([
      '0:07',
      '12:34',
      '1:02:03',
      '0:00',
    ]);
  });
});

describe('progress writer', () => {
  const capture = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, write: (text: string) => chunks.push(text) } };
  };

  it('writes a plain line at every 10 % when the stream is not a terminal (CI logs)', () => {
    const { chunks, stream } = capture(false);
    let now = 0;
    const writer = progressWriter(stream, { clock: () => now });
    for (let done = 0; done <= 100; done += 1) {
      now += 10;
      writer.update(done, 100, 'COMMIT');
    }
    writer.finish();
    expect(chunks).toHaveLength(11);
    expect(chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(chunks[0]).toMatch(/^COMMIT {2}\[-+\] {4}0\/100 {4}0\.0%/);
    expect(chunks[10]).toMatch(/100\/100 {2}100\.0%/);
  });

  it('redraws one line in place on a terminal, at most every redrawEveryMs, always at the end', () => {
    const { chunks, stream } = capture(true);
    let now = 0;
    const writer = progressWriter(stream, { clock: () => now, redrawEveryMs: 100 });
    for (let done = 1; done <= 10; done += 1) {
      now += 30;
      writer.update(done, 10);
    }
    writer.finish();
    const draws = chunks.filter((c) => c.startsWith('\r'));
    // t=30 draws, then t=150, 270 (each ≥100 ms after the last), then the final update at t=300.
    expect(draws).toHaveLength(4);
    expect(draws.every((c) => c.endsWith('\x1b[K'))).toBe(true);
    expect(draws[3]).toContain('10/10');
    expect(chunks[chunks.length - 1]).toBe('\n');
  });

  it('starts a new line and a new clock when the phase changes', () => {
    const { chunks, stream } = capture(true);
    let now = 0;
    const writer = progressWriter(stream, { clock: () => now });
    writer.update(10, 10, 'VALIDATE');
    now = 60_000;
    writer.update(0, 10, 'COMMIT');
    now = 61_000;
    writer.update(10, 10, 'COMMIT');
    writer.finish();
    expect(chunks.join('')).toMatch(/VALIDATE.*\n\rCOMMIT.*\rCOMMIT.*10\/10.*10 rows\/s.*in 0:01.*\n$/s);
  });
});
