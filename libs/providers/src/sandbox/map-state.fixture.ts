import type { ProviderStateStore } from '../charge-provider';

/** A provider state store in a Map, for the sandbox's unit specs (no TTLs; `nx` honoured). */
export class MapState implements ProviderStateStore {
  readonly values = new Map<string, string>();
  async get(name: string) {
    return this.values.get(name);
  }
  async set(name: string, value: string, options: { nx?: boolean } = {}) {
    if (options.nx && this.values.has(name)) return false;
    this.values.set(name, value);
    return true;
  }
  async del(name: string) {
    this.values.delete(name);
  }
}
