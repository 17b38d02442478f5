import type { DatabaseNotifications } from './database-notifications';
import { InvalidatedCache } from './invalidated-cache';

/** A stand-in for the LISTEN connection: the test delivers notices and resets itself. */
function fakeNotifications() {
  const subs: Array<{ onNotice: (p: string) => void; onReset: () => void }> = [];
  const state = { listening: true, generation: 0 };
  const notifications = {
    get listening() {
      return state.listening;
    },
    get generation() {
      return state.generation;
    },
    subscribe: (s: { onNotice: (p: string) => void; onReset: () => void }) => subs.push(s),
  } as unknown as DatabaseNotifications;
  return {
    notifications,
    state,
    notify: () => {
      state.generation += 1;
      subs.forEach((s) => s.onNotice(''));
    },
  };
}

describe('InvalidatedCache (issue 18 pt 1: caches invalidated by LISTEN/NOTIFY)', () => {
  it('answers from memory until a notice arrives, then reads again', async () => {
    const f = fakeNotifications();
    const cache = new InvalidatedCache<string, number>(f.notifications, 'rcs_api_key', {
      maxAgeMs: 60_000,
      maxEntries: 10,
    });
    let reads = 0;
    const load = () => Promise.resolve(++reads);
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('k', load)).toBe(1);
    f.notify();
    expect(await cache.get('k', load)).toBe(2);
  });

  it('never caches while not listening, nor a value read while a notice arrived', async () => {
    const f = fakeNotifications();
    const cache = new InvalidatedCache<string, number>(f.notifications, 'rcs_calendar', {
      maxAgeMs: 60_000,
      maxEntries: 10,
    });
    let reads = 0;
    f.state.listening = false;
    await cache.get('k', () => Promise.resolve(++reads));
    await cache.get('k', () => Promise.resolve(++reads));
    expect(reads).toBe(2);
    f.state.listening = true;
    // The row changes (and notifies) while the read is in flight: what it read may be stale, so it is not kept.
    await cache.get('k', () => {
      f.notify();
      return Promise.resolve(++reads);
    });
    expect(await cache.get('k', () => Promise.resolve(++reads))).toBe(4);
    expect(await cache.get('k', () => Promise.resolve(++reads))).toBe(4);
  });

  it('keeps only what `keep` allows, and nothing when maxAgeMs is 0', async () => {
    const f = fakeNotifications();
    const cache = new InvalidatedCache<string, number | null>(f.notifications, 'rcs_api_key', {
      maxAgeMs: 60_000,
      maxEntries: 10,
    });
    let reads = 0;
    const unknown = () => Promise.resolve((reads++, null));
    await cache.get('bogus', unknown, (v) => v !== null);
    await cache.get('bogus', unknown, (v) => v !== null);
    expect(reads).toBe(2);
    const off = new InvalidatedCache<string, number>(f.notifications, 'rcs_api_key', { maxAgeMs: 0, maxEntries: 10 });
    let offReads = 0;
    await off.get('k', () => Promise.resolve(++offReads));
    await off.get('k', () => Promise.resolve(++offReads));
    expect(offReads).toBe(2);
  });
});
