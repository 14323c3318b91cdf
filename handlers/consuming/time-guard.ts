import type { Context } from "aws-lambda";
import { DeferredForTimeError } from "./errors.js";

/**
 * Decides, before each record, whether there is still time to run it. A record cut off by the
 * function timeout fails the whole invocation, so every record of the batch would come back;
 * deferring the tail instead lets the records already done count as done.
 */
export class TimeGuard {
  readonly #context: Pick<Context, "getRemainingTimeInMillis">;
  readonly #marginMs: number;
  #admitted = 0;

  constructor(context: Pick<Context, "getRemainingTimeInMillis">, marginMs: number) {
    this.#context = context;
    this.#marginMs = marginMs;
  }

  /** Throws DeferredForTimeError when the record must not be started. */
  admit(): void {
    const remainingMs = this.#context.getRemainingTimeInMillis();
    // The first record always runs: with a margin at least as long as the function timeout,
    // deferring it too would send every message to the DLQ without ever running one.
    if (this.#admitted > 0 && remainingMs < this.#marginMs) {
      throw new DeferredForTimeError(remainingMs, this.#marginMs);
    }
    this.#admitted += 1;
  }
}
