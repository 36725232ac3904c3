/**
 * One load shared by every metric collected in the same scrape: the registry asks for all of them at once, so the
 * first caller starts the load and the others join it while it is in flight. A failed load yields undefined, so
 * one broken source never fails a scrape.
 */
export class SharedLoad<T> {
  private inFlight: Promise<T | undefined> | undefined;

  constructor(private readonly load: () => Promise<T>) {}

  get(): Promise<T | undefined> {
    if (this.inFlight) return this.inFlight;
    const loading = this.load().catch(() => undefined);
    this.inFlight = loading;
    void loading.then(() => {
      if (this.inFlight === loading) this.inFlight = undefined;
    });
    return loading;
  }
}
