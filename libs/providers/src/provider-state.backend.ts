/**
 * Where tenant-scoped provider state lives: the application's key-value store (Redis shared by all replicas, or
 * memory for one process). The library adds the key prefix and seals secrets itself (TenantProviderStateStore);
 * the backend only stores strings. Methods reject when the store cannot answer in time; a rejection whose error has
 * `mayHaveApplied: true` means the command was sent and may still take effect (a write whose outcome is unknown).
 */
export interface ProviderStateBackend {
  get(key: string): Promise<string | undefined>;
  /** Sets a value; with `nx` only when absent. Returns false when `nx` found the key taken. */
  set(key: string, value: string, options?: { ttlMs?: number; nx?: boolean }): Promise<boolean>;
  del(key: string): Promise<void>;
}
export const ProviderStateBackend = Symbol('ProviderStateBackend');
