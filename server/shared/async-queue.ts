/**
 * An unbounded-until-`limit` queue consumed as an async iterator. `push` never blocks; past
 * `limit` items the queue fails with `overflowError` so a stalled consumer cannot exhaust memory.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private failWaiting: ((error: unknown) => void) | null = null;
  private done = false;
  private failure: unknown = null;

  constructor(
    private readonly limit: number,
    private readonly overflowError: () => Error,
    private readonly onClose: () => void = () => {},
  ) {}

  push(item: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      this.fail(this.overflowError());
      return;
    }
    this.items.push(item);
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.failure = error;
    this.close();
    this.failWaiting?.(error);
    this.waiting = this.failWaiting = null;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = this.failWaiting = null;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    this.items.length = 0;
    this.onClose();
  }
}
