import { vi } from "vitest";

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
