/** A handler asked for a secret or parameter its consumer's spec does not name. */
export class UnknownValueNameError extends Error {
  override name = "UnknownValueNameError";
}

/** A secret or parameter the spec names could not be read (not there, access denied, throttled, binary). */
export class ValueReadError extends Error {
  override name = "ValueReadError";
}
