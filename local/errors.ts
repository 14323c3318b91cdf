/** A mistake in how the local runtime was called (an environment or pattern it does not have, a send a producer could not make). */
export class LocalUsageError extends Error {
  override readonly name = "LocalUsageError";
}
