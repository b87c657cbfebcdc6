/** Counts Redis failures (client error events and failed commands) for metrics, without logging each. */
export class RedisStatus {
  errors = 0;
  private readonly listeners: Array<() => void> = [];

  recordError(): void {
    this.errors++;
    for (const l of this.listeners) l();
  }

  onError(listener: () => void): void {
    this.listeners.push(listener);
  }
}
