import { expect, vi } from "vitest";

/**
 * Captures what Powertools writes. Its Logger and Metrics print through their own Console on
 * process.stdout / process.stderr (not the global console), so the streams are what to watch.
 */
export function captureOutput() {
  const chunks: string[] = [];
  const record = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(record);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(record);

  const json = (): Record<string, any>[] =>
    chunks
      .join("")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line));

  return {
    /** Structured log lines (everything JSON that is not an EMF document). */
    logs: () => json().filter((line) => !("_aws" in line)),
    /** EMF documents. */
    metrics: () => json().filter((line) => "_aws" in line),
    restore: () => {
      stdout.mockRestore();
      stderr.mockRestore();
    },
  };
}

export type CapturedOutput = ReturnType<typeof captureOutput>;

/**
 * The named counts of the last EMF document, which a consumer writes once per invocation: so the
 * last invocation's. Only the names asked for, so that `toEqual` on the result checks exactly those.
 */
export function lastEmfCounts<Name extends string>(output: CapturedOutput, ...names: Name[]): Record<Name, unknown> {
  const emf = output.metrics().at(-1);
  expect(emf, "an EMF document written").toBeDefined();
  return Object.fromEntries(names.map((name) => [name, emf?.[name]])) as Record<Name, unknown>;
}
