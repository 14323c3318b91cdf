/** The environment the synthesizer set does not describe a usable consumer; raised before any record is touched. */
export class ConsumerConfigError extends Error {
  override name = "ConsumerConfigError";
}

/** A record whose body is not what BULKHEAD_MESSAGE_FORMAT promises; retrying cannot fix it, so it ends in the DLQ. */
export class MalformedMessageError extends Error {
  override name = "MalformedMessageError";
}

/** A record that was not started because the invocation was about to run out of time; SQS redelivers it. */
export class DeferredForTimeError extends Error {
  override name = "DeferredForTimeError";

  constructor(remainingMs: number, marginMs: number) {
    super(`not started: ${remainingMs} ms left, below the ${marginMs} ms safety margin`);
  }
}
