import type { DatabaseNotifications, NotificationChannel } from './database-notifications';

export interface InvalidatedCacheOptions {
  /** The longest an entry is used, notices or not; 0 turns the cache off. */
  maxAgeMs: number;
  /** Beyond this many entries the cache starts again empty (a flood of distinct keys costs memory, not safety). */
  maxEntries: number;
}

/**
 * A map from a key to what the database said about it, emptied whenever the table's channel notifies
 * (DatabaseNotifications) and used only while notices are being received. An entry is stored only if no notice
 * arrived while it was read, so a change that commits during the read is never cached over.
 */
export class InvalidatedCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();

  constructor(
    private readonly notifications: DatabaseNotifications,
    channel: NotificationChannel,
    private readonly options: InvalidatedCacheOptions,
  ) {
    notifications.subscribe({ channel, onNotice: () => this.clear(), onReset: () => this.clear() });
  }

  /** The cached value, or `load()`'s, stored when `keep(value)` says it may be (default: always). */
  async get(key: K, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const enabled = this.options.maxAgeMs > 0 && this.notifications.listening;
    const now = Date.now();
    if (enabled) {
      const hit = this.entries.get(key);
      if (hit && now - hit.at < this.options.maxAgeMs) {
        return hit.value;
      }
    }
    const generation = this.notifications.generation;
    const value = await load();
    if (enabled && keep(value) && this.notifications.listening && this.notifications.generation === generation) {
      if (this.entries.size >= this.options.maxEntries) {
        this.entries.clear();
      }
      this.entries.set(key, { value, at: now });
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
