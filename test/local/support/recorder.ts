// The bundler's work folder lives in TMPDIR: point it at this test file's scratch folder, which is removed after the file.
import "../../support/project.js";
import type { FunctionReport, InvocationEvent, LocalEvent, LocalReport, LogEvent } from "../../../local/index.js";

/** Every event a local service emits, with when it arrived. */
export class Recorder {
  readonly events: { at: number; event: LocalEvent }[] = [];
  readonly onEvent = (event: LocalEvent): void => {
    this.events.push({ at: Date.now(), event });
  };

  invocations(fn?: string): (InvocationEvent & { at: number })[] {
    return this.events.flatMap(({ at, event }) => (event.kind === "invocation" && (fn === undefined || event.function === fn) ? [{ ...event, at }] : []));
  }

  /** JSON lines a function printed with a `probe` key (what the test's handlers print about themselves). */
  probes<T = Record<string, unknown>>(fn?: string): (T & { at: number })[] {
    return this.events.flatMap(({ at, event }) => {
      if (event.kind !== "log" || (fn !== undefined && event.function !== fn)) return [];
      const parsed = parse((event as LogEvent).line);
      return parsed && "probe" in parsed ? [{ ...(parsed as T), at }] : [];
    });
  }

  problems(): string[] {
    return this.events.flatMap(({ event }) => (event.kind === "problem" ? [event.message] : []));
  }
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line);
    return value && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What happened per function between two reports, every count; functions where nothing changed are left out. */
export function reportDelta(before: LocalReport, after: LocalReport): Record<string, FunctionReport> {
  const delta: Record<string, FunctionReport> = {};
  for (const [name, now] of Object.entries(after.functions)) {
    const then = before.functions[name]!;
    const diff = Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - then[k as keyof FunctionReport]])) as unknown as FunctionReport;
    if (Object.values(diff).some((n) => n !== 0)) delta[name] = diff;
  }
  return delta;
}
