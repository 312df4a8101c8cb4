// One pending check per note: typing reschedules it, so a burst of keystrokes
// costs one check after the pause, not one per key.

export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly delay: () => number) {}

  schedule(key: string, run: () => void, immediate = false): void {
    this.cancel(key);
    const ms = immediate ? 0 : this.delay();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, ms),
    );
  }

  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
