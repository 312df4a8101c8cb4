// One pending check per note: typing reschedules it, so a burst of keystrokes
// costs one check after the pause, not one per key.

export class Debouncer {
  private readonly pending = new Map<string, { cancel(): void }>();

  constructor(private readonly delay: () => number) {}

  schedule(key: string, run: () => void, immediate = false): void {
    this.cancel(key);
    const ms = immediate ? 0 : this.delay();
    const fire = () => {
      this.pending.delete(key);
      run();
    };
    // No delay: the next turn of the event loop, after the messages already read
    // (a timer of 0 ms waits at least 1 ms, on every keystroke).
    if (ms <= 0) {
      const handle = setImmediate(fire);
      this.pending.set(key, { cancel: () => clearImmediate(handle) });
    } else {
      const handle = setTimeout(fire, ms);
      this.pending.set(key, { cancel: () => clearTimeout(handle) });
    }
  }

  cancel(key: string): void {
    this.pending.get(key)?.cancel();
    this.pending.delete(key);
  }

  dispose(): void {
    for (const p of this.pending.values()) p.cancel();
    this.pending.clear();
  }
}
