import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../support/project.js";
import { devProcess, type DevProcess } from "./support/dev-process.js";
import { tempService } from "./support/temp-service.js";

// A fan-out with a filtered subscriber and a declared payload over SNS's limit (so a large body
// goes by claim check), and a tenant-isolated pattern: the three ways a send is routed.
const SPEC = `version: 1
service: sendcli
region: us-east-1
environments:
  dev: {}
tenants: [acme, globex]
patterns:
  events:
    type: fanout
    maxPayloadBytes: 1048576
    subscribers:
      all: { handler: handlers/echo.ts }
      hello: { handler: handlers/echo.ts, filter: { eventType: [Hello] } }
  reports:
    type: tenant-isolated-function
    handler: handlers/echo.ts
    reservedConcurrencyPerTenant: 2
`;
const ECHO = `import { sqsConsumer } from "RUNTIME";
export const handler = sqsConsumer(async (payload, { record, tenant }) => {
  console.log(JSON.stringify({ probe: "got", payload: JSON.stringify(payload).slice(0, 200), length: JSON.stringify(payload).length, tenant, bodyLength: record.body.length }));
});
`;
const spec = tempService("send-cli", SPEC, { "handlers/echo.ts": ECHO });
const folder = dirname(spec);

let dev: DevProcess;
beforeAll(async () => {
  dev = devProcess([spec, "--logs"]);
  await dev.printed(/send with: bulkhead send/);
});
afterAll(async () => {
  dev?.interrupt();
  await dev?.exited();
});

const send = (...args: string[]) => cli(process.cwd(), "send", spec, ...args);
/** What the echo handlers printed, from dev's --logs lines (`  function | line`). */
function got(fn: string): { payload: string; length: number; tenant?: string; bodyLength: number }[] {
  return dev
    .stdout()
    .split("\n")
    .flatMap((line) => {
      const at = line.indexOf(" | ");
      if (at < 0 || line.slice(0, at).trim() !== fn) return [];
      try {
        const value = JSON.parse(line.slice(at + 3));
        return value.probe === "got" ? [value] : [];
      } catch {
        return [];
      }
    });
}

describe("bulkhead dev publishes where it runs", () => {
  it("in .bulkhead/dev/<pid>-<id>/service.json: spec, environment, endpoints, pid", () => {
    const runs = readdirSync(".bulkhead/dev").filter((r) => r.startsWith(`${dev.pid}-`));
    expect(runs).toHaveLength(1);
    const published = JSON.parse(readFileSync(join(".bulkhead/dev", runs[0]!, "service.json"), "utf8"));
    expect(published).toMatchObject({ version: 1, pid: dev.pid, spec, service: "sendcli", environment: "dev", endpoints: { sqs: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) } });
  });
});

describe("bulkhead send", () => {
  it("publishes through the fan-out's publisher: attributes reach the filter, a resent key has the same id and is a duplicate", async () => {
    const first = await send("events", "--body", '{"greeting": "hi"}', "--attr", "eventType=Hello", "--key", "greet-1");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const [, id] = first.stdout.match(/^sent to sendcli-dev-events \(pattern events, key greet-1, bulkhead-message-id ([0-9a-f]+)\); bulkhead dev pid (\d+) runs /)!;
    expect(first.stdout).toContain(`bulkhead dev pid ${dev.pid} runs ${spec} (dev)`);
    await dev.printed(/ sendcli-dev-events-hello: 1 record, ok in \d+ ms \(1 processed\)/);
    await dev.printed(/ sendcli-dev-events-all: 1 record, ok in \d+ ms \(1 processed\)/);

    const again = await send("events", "--body", '{"greeting": "hi"}', "--attr", "eventType=Hello", "--key", "greet-1");
    expect(again.stdout).toContain(`bulkhead-message-id ${id}`);
    await dev.printed(/ sendcli-dev-events-hello: 1 record, ok in \d+ ms \(1 duplicate\)/);
    await dev.printed(/ sendcli-dev-events-all: 1 record, ok in \d+ ms \(1 duplicate\)/);

    // Without the attribute, the filtered subscriber gets nothing.
    expect((await send("events", "--body", '{"greeting": "unfiltered"}')).code).toBe(0);
    await dev.printed(/unfiltered/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(got("sendcli-dev-events-hello").map((g) => g.payload)).toEqual(['{"greeting":"hi"}']);
    expect(got("sendcli-dev-events-all").map((g) => g.payload)).toEqual(['{"greeting":"hi"}', '{"greeting":"unfiltered"}']);
  });

  it("routes a tenant's message to the tenant's own silo, and a body over the hop's limit by claim check (--body @FILE)", async () => {
    const routed = await send("reports", "--tenant", "globex", "--body", '{"report": "daily"}');
    expect(routed.code).toBe(0);
    expect(routed.stdout).toMatch(/^sent to sendcli-dev-reports-globex \(pattern reports, /);
    await dev.printed(/ sendcli-dev-reports-globex: 1 record, ok in \d+ ms \(1 processed\)/);
    expect(got("sendcli-dev-reports-globex")[0]).toMatchObject({ tenant: "globex" });

    const big = join(folder, "big.json");
    writeFileSync(big, JSON.stringify({ text: "x".repeat(400_000) }));
    expect((await send("events", "--body", `@${big}`, "--key", "big-1")).code).toBe(0);
    await dev.printed(/sendcli-dev-events-all \| \{"probe":"got","payload":"\{\\"text\\":\\"xxx/);
    const delivered = got("sendcli-dev-events-all").find((g) => g.length > 400_000)!;
    expect(delivered.length).toBe(400_011);
    expect(delivered.bodyLength).toBeLessThan(2_000);
  });

  it("refuses what a producer could not send, in words, exit 1", async () => {
    const noTenant = await send("reports", "--body", "{}");
    expect(noTenant.code).toBe(1);
    expect(noTenant.stderr).toMatch(/^bulkhead send: pattern "reports" is tenant-aware: a send needs a tenant \(one of acme, globex\)$/m);
    expect((await send("reports", "--body", "{}", "--tenant", "initech")).stderr).toContain('tenant "initech" has no silo in pattern "reports"; its tenants are acme, globex');
    expect((await send("event", "--body", "{}")).stderr).toContain('service sendcli has no pattern "event"; it has events, reports; did you mean events?');
    expect((await send("events", "--body", "{}", "--priority", "high")).stderr).toContain('pattern "events" is a fan-out; priority applies to priority queues only');
    expect((await send("events", "--body", "{}", "--attr", "tenant=acme")).stderr).toContain('attribute "tenant" is set by the producer');
    expect((await send("events", "--body", "{}", "--attr", "novalue")).stderr).toContain('--attr takes NAME=VALUE, got "novalue"');
    expect((await send("events")).stderr).toContain("--body is required");
    expect((await send("events", "--body", "{}", "--env", "prod")).stderr).toContain(`bulkhead dev runs ${spec} for dev, not prod`);
  });

  it("shows where --body stops being JSON, as the compiled command, with no stack trace", () => {
    const run = spawnSync(process.execPath, ["bin/bulkhead.mjs", "send", spec, "events", "--body", '{"greeting": "hi",}'], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("bulkhead send: --body is not JSON: Expected double-quoted property name at column 19:\n");
    expect(run.stderr).toContain('  {"greeting": "hi",}\n                    ^');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const file = join(folder, "bad.json");
    writeFileSync(file, '{\n  "a": 1\n  "b": 2\n}\n');
    expect(spawnSync(process.execPath, ["bin/bulkhead.mjs", "send", spec, "events", "--body", `@${file}`], { encoding: "utf8" }).stderr).toContain(`${file}:3:3: --body is not JSON: Expected ',' or '}' after property value`);
  });

  it("is refused once the spec resolves to another model than the one that runs", async () => {
    const original = readFileSync(spec, "utf8");
    try {
      writeFileSync(spec, `${original}# a comment changes no model\n`);
      expect((await send("events", "--body", "{}")).code).toBe(0);
      writeFileSync(spec, original.replace("reservedConcurrencyPerTenant: 2", "reservedConcurrencyPerTenant: 3"));
      const changed = await send("events", "--body", "{}");
      expect(changed.code).toBe(1);
      expect(changed.stderr).toContain(`bulkhead send: ${spec} has changed since bulkhead dev (pid ${dev.pid}) started`);
    } finally {
      writeFileSync(spec, original);
    }
  });

  it("dev says so when a handler edit is rebuilt", async () => {
    const handler = join(folder, "handlers/echo.ts");
    writeFileSync(handler, ECHO.replace('probe: "got"', 'probe: "got", edited: true').replace("RUNTIME", readFileSync(handler, "utf8").match(/from "([^"]+)"/)![1]!));
    await dev.printed(/\d\d:\d\d:\d\d .*handlers\/echo\.ts changed: rebuilt sendcli-dev-events-all, sendcli-dev-events-hello, sendcli-dev-reports-acme, sendcli-dev-reports-globex in \d+ ms; new invocations run the new code/);
    expect((await send("events", "--body", '{"after": "edit"}')).code).toBe(0);
    await dev.printed(/sendcli-dev-events-all \| \{"probe":"got","edited":true,"payload":"\{\\"after\\":\\"edit\\"\}"/);
  });
});

describe("bulkhead send without a running dev", () => {
  it("says to start bulkhead dev first, and takes a file left by a process that died for nothing", async () => {
    dev.interrupt();
    const { code, stdout, stderr } = await dev.exited();
    expect(code, `${stdout.slice(-2000)}\n${stderr}`).toBe(0);
    const runs = existsSync(".bulkhead/dev") ? readdirSync(".bulkhead/dev") : [];
    expect(runs.filter((r) => r.startsWith(`${dev.pid}-`))).toEqual([]);

    // What a `bulkhead dev` killed with SIGKILL leaves: its published file, naming a pid that is gone.
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const stale = join(".bulkhead/dev", `${gone}-deadbeef`);
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, "service.json"), JSON.stringify({ version: 1, pid: gone, spec, service: "sendcli", environment: "dev", stack: "sendcli-dev", region: "us-east-1", endpoints: { sqs: "http://127.0.0.1:9", sns: "http://127.0.0.1:9", s3: "http://127.0.0.1:9", dynamodb: "http://127.0.0.1:9" }, startedAt: new Date().toISOString(), modelDigest: "x", arns: {} }));
    try {
      const run = await send("events", "--body", "{}");
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`bulkhead send: no bulkhead dev of ${spec} is running in this project; start it first (\`bulkhead dev ${spec}\`), then send again`);
    } finally {
      rmSync(stale, { recursive: true, force: true });
    }
    expect(existsSync(stale)).toBe(false);
  });
});
