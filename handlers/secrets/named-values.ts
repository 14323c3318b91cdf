import { UnknownValueNameError, ValueReadError } from "./errors.js";
import type { ValueFetcher } from "./providers.js";

/**
 * The secrets (or SSM parameters) a consumer's spec names, by the names it gives them: the role may
 * read exactly those ARNs, and nothing else is reachable through here.
 */
export interface NamedValues {
  /** The names the spec gives, sorted. */
  readonly names: readonly string[];
  /**
   * The value as text: fetched on first use, then reused until BULKHEAD_PARAMETERS_CACHE_SECONDS
   * have passed since it was fetched. A name the spec does not give rejects with
   * UnknownValueNameError; a value that cannot be read, with ValueReadError.
   */
  get(name: string): Promise<string>;
}

export type ValueKind = "secret" | "parameter";

/** Where the spec names each kind, for the error that lists what there is. */
const SPEC_KEY: Record<ValueKind, string> = { secret: "secrets", parameter: "parameters" };

export function createNamedValues(kind: ValueKind, arns: Readonly<Record<string, string>> | undefined, fetch: ValueFetcher): NamedValues {
  const byName = new Map(Object.entries(arns ?? {}));
  const names = [...byName.keys()].sort();
  // Concurrent reads of one name share a fetch; once it is done, Powertools' cache answers.
  const inFlight = new Map<string, Promise<string>>();

  const read = async (name: string, arn: string): Promise<string> => {
    let value: unknown;
    try {
      value = await fetch(arn);
    } catch (error) {
      // Powertools' GetParameterError carries the SDK's message (not found, access denied, throttled), never a value.
      throw new ValueReadError(`cannot read ${kind} "${name}" (${arn}): ${(error as Error).message}`, { cause: error });
    }
    if (typeof value === "string") return value;
    if (value instanceof Uint8Array) throw new ValueReadError(`${kind} "${name}" (${arn}) is binary (SecretBinary); get reads text (SecretString) only`);
    throw new ValueReadError(`${kind} "${name}" (${arn}) has no value`);
  };

  return {
    names,
    get(name) {
      const arn = byName.get(name);
      if (arn === undefined) {
        const known = names.length === 0 ? `this consumer's spec names no ${SPEC_KEY[kind]}` : `this consumer's spec names: ${names.join(", ")}`;
        return Promise.reject(new UnknownValueNameError(`no ${kind} named ${JSON.stringify(name)}: ${known} (under the consumer's \`${SPEC_KEY[kind]}\`)`));
      }
      let value = inFlight.get(name);
      if (value === undefined) {
        value = read(name, arn).finally(() => inFlight.delete(name));
        inFlight.set(name, value);
      }
      return value;
    },
  };
}
