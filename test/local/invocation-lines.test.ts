import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { codeLines, colourWanted, invocationLine, reportTable } from "../../local/console.js";
import type { InvocationEvent } from "../../local/index.js";
import { echoSpec, tempService } from "./support/temp-service.js";

const at = new Date(2025, 0, 2, 9, 5, 7);
const event = (e: Partial<InvocationEvent>): InvocationEvent => ({
  kind: "invocation",
  function: "orders-dev-order-events-billing",
  queue: "orders-dev-order-events-billing",
  batchSize: 1,
  outcome: "ok",
  durationMs: 12,
  failed: 0,
  ...e,
});
const zero = { processed: 0, duplicate: 0, failed: 0, deferred: 0, expired: 0, tenantRejected: 0, deferredForTime: 0 };

describe("a line per invocation", () => {
  it("names the function (and the queue when it is not the function's own), the batch size, outcome, duration and counts", () => {
    expect(invocationLine(event({ counts: { ...zero, processed: 1 } }), false, at)).toBe("09:05:07 orders-dev-order-events-billing: 1 record, ok in 12 ms (1 processed)");
    expect(
      invocationLine(event({ function: "orders-dev-ingest", queue: "orders-dev-ingest-3", batchSize: 10, outcome: "partial", durationMs: 80, failed: 1, counts: { ...zero, processed: 8, duplicate: 1, failed: 1 } }), false, at),
    ).toBe("09:05:07 orders-dev-ingest ← orders-dev-ingest-3: 10 records, partial in 80 ms (8 processed, 1 duplicate, 1 failed; 1 back to the queue)");
    expect(invocationLine(event({ outcome: "timeout", durationMs: 30_001, failed: 1 }), false, at)).toBe("09:05:07 orders-dev-order-events-billing: 1 record, timeout in 30001 ms (1 back to the queue)");
    expect(invocationLine(event({ outcome: "error", failed: 1, error: "Error: no amount" }), false, at)).toBe("09:05:07 orders-dev-order-events-billing: 1 record, error in 12 ms (1 back to the queue): Error: no amount");
  });

  it("colours the outcome (and dims the time) only when asked", () => {
    expect(invocationLine(event({}), true, at)).toBe("\u001b[2m09:05:07\u001b[0m orders-dev-order-events-billing: 1 record, \u001b[32mok\u001b[0m in 12 ms");
    expect(invocationLine(event({ outcome: "error" }), true, at)).toContain("\u001b[31merror\u001b[0m");
    expect(invocationLine(event({ outcome: "partial" }), true, at)).toContain("\u001b[33mpartial\u001b[0m");
    expect(invocationLine(event({ outcome: "timeout" }), true, at)).toContain("\u001b[35mtimeout\u001b[0m");
  });

  it("wants colour on a terminal, not in a pipe; NO_COLOR (non-empty) turns it off, FORCE_COLOR on", () => {
    expect(colourWanted(true, {})).toBe(true);
    expect(colourWanted(false, {})).toBe(false);
    expect(colourWanted(undefined, {})).toBe(false);
    expect(colourWanted(true, { NO_COLOR: "1" })).toBe(false);
    expect(colourWanted(true, { NO_COLOR: "" })).toBe(true);
    expect(colourWanted(false, { FORCE_COLOR: "1" })).toBe(true);
    expect(colourWanted(true, { FORCE_COLOR: "0" })).toBe(false);
    expect(colourWanted(false, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
  });

  it("says what a handler edit did", () => {
    const base = { kind: "code" as const, files: ["services/orders/handlers/billing.ts"], durationMs: 310 };
    expect(codeLines({ ...base, outcome: "reloaded", functions: ["orders-dev-order-events-billing"], problems: [] }, false, at)).toEqual([
      "09:05:07 services/orders/handlers/billing.ts changed: rebuilt orders-dev-order-events-billing in 310 ms; new invocations run the new code",
    ]);
    expect(codeLines({ ...base, outcome: "failed", functions: [], problems: ["services/orders/handlers/billing.ts:3:9: cannot bundle handler …: Expected \";\""] }, false, at)).toEqual([
      "09:05:07 services/orders/handlers/billing.ts changed: does not build, so the functions it affects keep running their last good code",
      '  services/orders/handlers/billing.ts:3:9: cannot bundle handler …: Expected ";"',
    ]);
    expect(codeLines({ ...base, outcome: "unchanged", functions: [], problems: [] }, false, at)).toEqual(["09:05:07 services/orders/handlers/billing.ts changed: no function's code changed"]);
  });
});

describe("the end table", () => {
  const f = (invocations: number, processed: number, duplicate = 0) => ({ invocations, processed, duplicate, failed: 0, deferred: 0, expired: 0, tenantRejected: 0, deferredForTime: 0, timedOut: 0, errors: 0 });
  it("has a row per function that ran, names the others on one line, and lists the DLQs that hold anything", () => {
    const lines = reportTable({
      functions: { "orders-dev-ingest": f(2, 1, 1), "orders-dev-merchant-reports-acme": f(1, 1), "orders-dev-merchant-reports-globex": f(0, 0), "orders-dev-notifications-surge": f(0, 0) },
      deadLetterQueues: { "orders-dev-ingest-0-dlq": 0, "orders-dev-ingest-1-dlq": 2 },
    });
    expect(lines).toEqual([
      "function                          invocations  processed  duplicate  failed  deferred  expired  tenantRejected  timedOut",
      "orders-dev-ingest                           2          1          1       0         0        0               0         0",
      "orders-dev-merchant-reports-acme            1          1          0       0         0        0               0         0",
      "not invoked: orders-dev-merchant-reports-globex, orders-dev-notifications-surge",
      "",
      "dead-letter queue        messages",
      "orders-dev-ingest-1-dlq         2",
    ]);
    expect(reportTable({ functions: { a: f(0, 0) }, deadLetterQueues: { "a-dlq": 0 } })).toEqual(["no function was invoked", "", "every dead-letter queue is empty"]);
  });
});

// The compiled command, in a terminal and out of one.
const spec = tempService(
  "invocation-lines",
  echoSpec("lines"),
  { "handlers/echo.ts": `import { sqsConsumer } from "RUNTIME";\nexport const handler = sqsConsumer(async () => undefined);\n` },
);
const replay = join(dirname(spec), "one.jsonl");
writeFileSync(replay, `${JSON.stringify({ pattern: "events", body: { hello: "world" } })}\n`);
const args = ["bin/bulkhead.mjs", "dev", spec, "--replay", replay, "--until-idle"];
const LINE = /lines-dev-events-echo: 1 record, (?:\u001b\[32m)?ok(?:\u001b\[0m)? in \d+ ms \(1 processed\)/;
const ESC = "\u001b[";
const { NO_COLOR: _n, FORCE_COLOR: _f, ...plainEnv } = process.env;
const hasScript = spawnSync("script", ["--version"]).status === 0;

/** In a pseudo-terminal (util-linux `script`), as a developer's shell runs it. */
function inTerminal(env: NodeJS.ProcessEnv): string {
  const command = [process.execPath, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  return execFileSync("script", ["-qefc", command, "/dev/null"], { env, encoding: "utf8" });
}

describe("bulkhead dev's invocation lines", () => {
  it("are plain in a pipe, and coloured with FORCE_COLOR", () => {
    const piped = spawnSync(process.execPath, args, { env: plainEnv, encoding: "utf8" });
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout).toMatch(LINE);
    expect(piped.stdout).not.toContain(ESC);
    const forced = spawnSync(process.execPath, args, { env: { ...plainEnv, FORCE_COLOR: "1" }, encoding: "utf8" });
    expect(forced.stdout).toContain("\u001b[32mok\u001b[0m");
  });

  it.skipIf(!hasScript)("are coloured on a terminal, and plain there with NO_COLOR", () => {
    const coloured = inTerminal(plainEnv);
    expect(coloured).toMatch(LINE);
    expect(coloured).toContain("\u001b[32mok\u001b[0m");
    const plain = inTerminal({ ...plainEnv, NO_COLOR: "1" });
    expect(plain).toMatch(LINE);
    expect(plain).not.toContain(ESC);
  });
});
