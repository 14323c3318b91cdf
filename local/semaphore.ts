/** At most `limit` holders at once; the others wait in arrival order. */
export class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.held;
  }

  acquire(): Promise<void> {
    if (this.held < this.limit) {
      this.held++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so nobody can overtake it in between.
    if (next) next();
    else this.held--;
  }

  /** Lets every waiter through, for shutting down: nothing waits on a stopped service. */
  releaseAll(): void {
    for (const next of this.waiting.splice(0)) next();
  }
}
