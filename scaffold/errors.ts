/** A scaffold that cannot be written as asked (a bad name, an existing folder): nothing was written. */
export class ScaffoldError extends Error {
  override readonly name = "ScaffoldError";
}
