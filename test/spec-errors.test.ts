import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempProject } from "./support/project.js";

const HEADER = `version: 1
service: shop
region: us-east-1
environments:
  dev: {}
`;

function fanout(subscriber: string, topicExtra = ""): string {
  return `${HEADER}patterns:
  events:
    type: fanout${topicExtra}
    subscribers:
      billing:
${subscriber}`;
}

const OK_SUBSCRIBER = "        handler: handlers/billing.ts\n";

function sharded(settings: string, consumerExtra = ""): string {
  return `${HEADER}tenants: [acme, globex]
patterns:
  ingest:
    type: shuffle-sharded-queue
${settings}    consumer: { handler: handlers/billing.ts${consumerExtra} }
`;
}

/** Each bad spec, the location and message it must be rejected with. */
const cases: { name: string; spec: string; expected: RegExp[]; absent?: RegExp[] }[] = [
  { name: "malformed YAML: an unclosed [ is reported where it opened", spec: `${HEADER}patterns: [a,\n  b: 1\n`, expected: [/^services\/shop\/service\.yaml:6:11: invalid YAML: this "\[" is never closed; end the list with "\]"$/m] },
  { name: "an unclosed { is reported where it opened, not at the end of the file", spec: `${HEADER}patterns:\n  events: { type: fanout,\n    subscribers: {}\n`, expected: [/^services\/shop\/service\.yaml:7:11: invalid YAML: this "\{" is never closed; end the map with "\}"$/m], absent: [/Flow map/] },
  { name: "duplicate key", spec: `${HEADER}region: eu-west-1\npatterns: {}\n`, expected: [/^services\/shop\/service\.yaml:6:1: invalid YAML: duplicate key "region" \(first at line 3\)$/m] },
  { name: "wrong type", spec: fanout(`${OK_SUBSCRIBER}        batchSize: ten\n`), expected: [/^services\/shop\/service\.yaml:12:20 patterns\.events\.subscribers\.billing\.batchSize: expected a positive whole number, got "ten"$/m] },
  { name: "a string where a list belongs", spec: fanout(`${OK_SUBSCRIBER}        sendsTo: events\n`), expected: [/^services\/shop\/service\.yaml:12:18 patterns\.events\.subscribers\.billing\.sendsTo: expected a list of strings, got "events"$/m] },
  { name: "a list where the map of patterns belongs", spec: `${HEADER}patterns: [events]\n`, expected: [/^services\/shop\/service\.yaml:6:11 patterns: expected a map of names to settings, got a list$/m] },
  { name: "unknown key", spec: fanout(`${OK_SUBSCRIBER}        handlr: x.ts\n`), expected: [/^services\/shop\/service\.yaml:12:9 patterns\.events\.subscribers\.billing\.handlr: unknown key "handlr"; "handler" is already set$/m] },
  { name: "unknown key close to a known one", spec: sharded("    shards: 4\n    shardPerTenant: 2\n"), expected: [/^services\/shop\/service\.yaml:11:5 patterns\.ingest\.shardPerTenant: unknown key "shardPerTenant"; did you mean "shardsPerTenant"\?$/m], absent: [/shardsPerTenant: missing/] },
  { name: "unknown key close to a key of a nested map", spec: fanout(`${OK_SUBSCRIBER}        memoryMb: 512\n`), expected: [/^services\/shop\/service\.yaml:12:9 patterns\.events\.subscribers\.billing\.memoryMb: unknown key "memoryMb"; did you mean "memoryMb" under "function"\?$/m] },
  { name: "unknown key that another pattern's consumer spells longer", spec: sharded("    shards: 4\n    shardsPerTenant: 2\n", ", maxConcurrency: 3"), expected: [/^services\/shop\/service\.yaml:12:47 patterns\.ingest\.consumer\.maxConcurrency: unknown key "maxConcurrency"; did you mean "maxConcurrencyPerShard"\?$/m] },
  { name: "unknown key far from any: the few known keys are listed", spec: HEADER.replace("dev: {}", "dev: { size: 3 }") + "patterns: {}\n", expected: [/^services\/shop\/service\.yaml:5:10 environments\.dev\.size: unknown key "size"; known keys: accountConcurrency, region, alarmTopicArn, alarms, budget, deletionProtection$/m] },
  { name: "unknown pattern type", spec: `${HEADER}patterns:\n  events:\n    type: fan-out\n`, expected: [/^services\/shop\/service\.yaml:8:11 patterns\.events\.type: expected one of "fanout", "shuffle-sharded-queue", "priority-queue", "tenant-isolated-function", got "fan-out"; did you mean "fanout"\?$/m] },
  { name: "missing pattern type", spec: `${HEADER}patterns:\n  events:\n    subscribers: {}\n`, expected: [/^services\/shop\/service\.yaml:8:5 patterns\.events\.type: missing \(expected one of "fanout", "shuffle-sharded-queue", "priority-queue", "tenant-isolated-function"\)$/m] },
  { name: "missing required key", spec: fanout(`        batchSize: 5\n`), expected: [/^services\/shop\/service\.yaml:11:9 patterns\.events\.subscribers\.billing\.handler: missing \(a path to a \.ts or \.js file\): handler file, relative to the spec$/m] },
  { name: "missing required number", spec: sharded("    shards: 4\n"), expected: [/^services\/shop\/service\.yaml:9:5 patterns\.ingest\.shardsPerTenant: missing \(a whole number from 2 to 8\): k: queues each tenant gets, permanently$/m] },
  { name: "a key with nothing after it", spec: fanout("        handler:\n"), expected: [/^services\/shop\/service\.yaml:11:17 patterns\.events\.subscribers\.billing\.handler: expected a path to a \.ts or \.js file, got an empty value$/m] },
  { name: "a pattern name that is not a name", spec: `${HEADER}patterns:\n  Events:\n    type: fanout\n    subscribers: { billing: { handler: handlers/billing.ts } }\n`, expected: [/^services\/shop\/service\.yaml:7:3 patterns\.Events: invalid name "Events": expected lowercase letters, digits and dashes, starting with a letter$/m] },
  { name: "impossible value", spec: fanout(`${OK_SUBSCRIBER}        maxConcurrency: 1\n`), expected: [/billing\.maxConcurrency: must be at least 2, got 1/] },
  { name: "bad version", spec: HEADER.replace("version: 1", "version: 2") + "patterns: {}\n", expected: [/service\.yaml:1:10 version: expected 1, got 2/] },
  { name: "several errors at once", spec: fanout(`${OK_SUBSCRIBER}        batchSize: 0\n        memory: 5\n`).replace("region: us-east-1", "region: mars"), expected: [/region: expected an AWS region/, /batchSize: must be greater than 0, got 0/, /^services\/shop\/service\.yaml:13:9 patterns\.events\.subscribers\.billing\.memory: unknown key "memory"; did you mean "memoryMb" under "function"\?$/m] },
  { name: "handler missing", spec: fanout("        handler: handlers/nope.ts\n"), expected: [/service\.yaml:11:18 patterns\.events\.subscribers\.billing\.handler: handler file not found: services\/shop\/handlers\/nope\.ts/] },
  { name: "guardrail: function timeout", spec: fanout(`${OK_SUBSCRIBER}        function: { timeoutSeconds: 901 }\n`), expected: [/service\.yaml:12:37 patterns\.events\.subscribers\.billing\.function\.timeoutSeconds: must be at most 900 seconds, got 901 \[function-timeout\]/] },
  { name: "guardrail: visibility timeout", spec: fanout(`${OK_SUBSCRIBER}        visibilityTimeoutSeconds: 60\n`), expected: [/billing\.visibilityTimeoutSeconds: must be at least 180 .* got 60 \[visibility-timeout\]/] },
  { name: "guardrail: receive count", spec: fanout(`${OK_SUBSCRIBER}        queue: { maxReceiveCount: 50 }\n`), expected: [/billing\.queue\.maxReceiveCount: must be between 3 and 10, got 50 \[max-receive-count\]/] },
  { name: "guardrail: concurrency budget", spec: fanout(`${OK_SUBSCRIBER}        reservedConcurrency: 950\n`), expected: [/reserved concurrency in dev adds up to 950, over the budget of 900 .*\[account-concurrency-budget\]/] },
  { name: "guardrail: FIFO batching", spec: fanout(`${OK_SUBSCRIBER}        batchSize: 20\n        batchingWindowSeconds: 1\n`, "\n    fifo: true"), expected: [/batchSize: must be at most 10 for a FIFO queue, got 20 \[fifo-batching\]/, /batchingWindowSeconds: must be 0 for a FIFO queue, got 1 \[fifo-batching\]/] },
  { name: "guardrail: batch window", spec: fanout(`${OK_SUBSCRIBER}        batchSize: 50\n`), expected: [/batchSize: more than 10 records need batchingWindowSeconds .*\[batch-size\]/] },
  { name: "guardrail: payload size beyond a claim check", spec: fanout(OK_SUBSCRIBER, "\n    maxPayloadBytes: 3000000000"), expected: [/service\.yaml:9:22 patterns\.events\.maxPayloadBytes: must be at most 2147483648 bytes, the most a message carries even by reference through S3 \(claim check\), got 3000000000 \[payload-size\]/] },
  { name: "guardrail: payload too large for the consumer's memory", spec: fanout(OK_SUBSCRIBER, "\n    maxPayloadBytes: 200000000"), expected: [/service\.yaml:12:9 patterns\.events\.subscribers\.billing: shop-dev-events-billing has 256 MB for payloads of up to 200000000 bytes, .*give it memoryMb 573 or more \[payload-size\]/] },
  { name: "reserved concurrency of 1", spec: fanout(`${OK_SUBSCRIBER}        reservedConcurrency: 1\n`), expected: [/service\.yaml:12:30 patterns\.events\.subscribers\.billing\.reservedConcurrency: must be at least 2, got 1: 0 stops the function and 1 throttles/] },
  { name: "guardrail: mapping cap above the reservation", spec: fanout(`${OK_SUBSCRIBER}        reservedConcurrency: 5\n        maxConcurrency: 10\n`), expected: [/service\.yaml:13:25 patterns\.events\.subscribers\.billing\.maxConcurrency: must be at most the function's reservedConcurrency \(5\), got 10.*\[mapping-cap-within-reserved\]/] },
  { name: "guardrail: 256 shards against the account and the policy size", spec: sharded("    shards: 256\n    shardsPerTenant: 2\n"), expected: [/service\.yaml:12:15 patterns\.ingest\.consumer: shop-dev-ingest may run 1280 at once \(256 event sources x 5\), above the 900 left unreserved in dev .*\[consumer-concurrency-within-account\]/, /patterns\.ingest\.consumer: role shop-dev-ingest's inline policy would be about \d+ characters .*reduce shards or sendsTo \[iam-policy-size\]/] },
  { name: "duplicate send target", spec: fanout(`${OK_SUBSCRIBER}        sendsTo: [events, events]\n`), expected: [/service\.yaml:12:27 patterns\.events\.subscribers\.billing\.sendsTo\[1\]: duplicate send target "events" \(first at index 0\)$/m] },
  { name: "guardrail: subscriber publishing to its own fan-out", spec: fanout(`${OK_SUBSCRIBER}        sendsTo: [events]\n`), expected: [/service\.yaml:11:9 patterns\.events\.subscribers\.billing: shop-dev-events-billing consumes a queue it feeds; set consumesOwnOutput: true if that is intended \[no-self-feeding-consumer\]/] },
  { name: "idempotency key that is not JMESPath", spec: fanout(`${OK_SUBSCRIBER}        idempotencyKey: "[orderId"\n`), expected: [/^services\/shop\/service\.yaml:12:34 patterns\.events\.subscribers\.billing\.idempotencyKey: not a JMESPath expression: unexpected end of expression at column 9 of "\[orderId"$/m] },
  { name: "idempotency key calling an unknown function", spec: fanout(`${OK_SUBSCRIBER}        idempotencyKey: "md5(orderId)"\n`), expected: [/^services\/shop\/service\.yaml:12:26 patterns\.events\.subscribers\.billing\.idempotencyKey: unknown JMESPath function md5\(\) at column 1 of "md5\(orderId\)"$/m] },
  { name: "guardrail: DLQ retention not above the queue's", spec: fanout(`${OK_SUBSCRIBER}        queue: { messageRetentionSeconds: 1209600 }\n`), expected: [/service\.yaml:12:43 patterns\.events\.subscribers\.billing\.queue\.messageRetentionSeconds: must be less than the retention of shop-dev-events-billing-dlq \(1209600 s\), got 1209600.*\[dead-letter-retention\]/] },
  { name: "filter policy with too many keys", spec: fanout(`${OK_SUBSCRIBER}        filter: { a: [1], b: [1], c: [1], d: [1], e: [1], f: [1] }\n`), expected: [/service\.yaml:12:17 patterns\.events\.subscribers\.billing\.filter: must have at most 5 keys \(SNS limit\), got 6: a, b, c, d, e, f$/m] },
  { name: "nested body filter policy with too many value combinations", spec: fanout(`${OK_SUBSCRIBER}        filterScope: body\n        filter: { order: { kind: [a, b, c, d, e, f, g, h, i, j], region: [k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z] } }\n`), expected: [/service\.yaml:13:17 patterns\.events\.subscribers\.billing\.filter: must allow at most 150 combinations of values \(SNS limit\), got 160 \(10 x 16\)$/m] },
  { name: "alarm topic that is not an SNS topic ARN", spec: HEADER.replace("dev: {}", "dev: { alarmTopicArn: arn:aws:sqs:us-east-1:123456789012:alarms }") + "patterns: {}\n", expected: [/service\.yaml:5:25 environments\.dev\.alarmTopicArn: expected an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:alerts, got "arn:aws:sqs:/] },
  { name: "shards per tenant above shards", spec: sharded("    shards: 8\n    shardsPerTenant: 9\n"), expected: [/service\.yaml:11:22 patterns\.ingest\.shardsPerTenant: must be at most shards \(8\), got 9$/m] },
  { name: "tenant without a shard assignment", spec: sharded("    shards: 4\n    shardsPerTenant: 2\n"), expected: [/service\.yaml:6:11 tenants\[0\]: tenant "acme" has no shard set in the lock; run `bulkhead shards assign services\/shop\/service\.yaml` to give it one \[shard-assignment\]/, /service\.yaml:6:17 tenants\[1\]: tenant "globex"/] },
  { name: "guardrail: consumer feeding its own queue", spec: sharded("    shards: 4\n    shardsPerTenant: 2\n", ", sendsTo: [ingest]"), expected: [/patterns\.ingest\.consumer: shop-dev-ingest consumes a queue it feeds; set consumesOwnOutput: true if that is intended \[no-self-feeding-consumer\]/] },
  { name: "guardrail: unknown send target", spec: fanout(`${OK_SUBSCRIBER}        sendsTo: [nowhere]\n`), expected: [/billing\.sendsTo\[0\]: expected one of the service's patterns \(events\), got "nowhere" \[send-targets\]/] },
];

describe("bad specs are rejected with their location, exit code 1, and nothing written", () => {
  it.each(cases)("$name", async ({ spec, expected, absent = [] }) => {
    const root = tempProject(spec, ["handlers/billing.ts"], "shop");
    for (const command of [["check"], ["synth"]]) {
      const run = await cli(root, ...command);
      expect(run.code).toBe(1);
      for (const pattern of expected) expect(run.stderr).toMatch(pattern);
      for (const pattern of absent) expect(run.stderr).not.toMatch(pattern);
      expect(run.stderr).toMatch(command[0] === "synth" ? /\d+ error\(s\); nothing written$/ : /\d+ error\(s\)$/);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(existsSync(join(root, "cdktf.out"))).toBe(false);
  });

  it("a mistake in defaults is reported once, at the defaults line, for every consumer and environment inheriting it", async () => {
    const spec = `${HEADER.replace("dev: {}", "dev: {}\n  prod: {}")}defaults:\n  function: { timeoutSeconds: 901 }\npatterns:\n  events:\n    type: fanout\n    subscribers:\n      billing: { handler: handlers/billing.ts }\n      audit: { handler: handlers/billing.ts }\n`;
    const run = await cli(tempProject(spec, ["handlers/billing.ts"], "shop"), "check");
    expect(run.code).toBe(1);
    const lines = run.stderr.split("\n").filter((l) => l.includes("[function-timeout]"));
    expect(lines).toEqual(["services/shop/service.yaml:8:31 defaults.function.timeoutSeconds: must be at most 900 seconds, got 901 [function-timeout]"]);
  });

  it("a mistake whose message names each environment's resources is reported once, naming the other environments", async () => {
    const spec = fanout(`${OK_SUBSCRIBER}        sendsTo: [events]\n`).replace("dev: {}", "dev: {}\n  prod: {}");
    const run = await cli(tempProject(spec, ["handlers/billing.ts"], "shop"), "check");
    expect(run.code).toBe(1);
    const lines = run.stderr.split("\n").filter((l) => l.includes("[no-self-feeding-consumer]"));
    expect(lines).toEqual(["services/shop/service.yaml:12:9 patterns.events.subscribers.billing: shop-dev-events-billing consumes a queue it feeds; set consumesOwnOutput: true if that is intended (also in prod) [no-self-feeding-consumer]"]);
  });

  it("a failed synth leaves the previous output intact", async () => {
    const root = tempProject(fanout(OK_SUBSCRIBER), ["handlers/billing.ts"], "shop");
    expect((await cli(root, "synth")).code).toBe(0);
    const stack = join(root, "cdktf.out", "stacks", "shop-dev", "cdk.tf.json");
    const before = readFileSync(stack, "utf8");
    writeFileSync(join(root, "services", "shop", "service.yaml"), fanout(`${OK_SUBSCRIBER}        batchSize: -1\n`));
    expect((await cli(root, "synth")).code).toBe(1);
    expect(readFileSync(stack, "utf8")).toBe(before);
  });

  it("a handler that does not compile is located in the handler, not a stack trace", async () => {
    const root = tempProject(fanout(OK_SUBSCRIBER), ["handlers/billing.ts"], "shop");
    writeFileSync(join(root, "services/shop/handlers/billing.ts"), "export const handler = async () => {\n  return { batchItemFailures: [ };\n};\n");
    expect((await cli(root, "check")).stderr).toMatch(/^services\/shop\/handlers\/billing\.ts:2:33: cannot bundle handler/m);
    const run = await cli(root, "synth");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^services\/shop\/handlers\/billing\.ts:2:33: cannot bundle handler services\/shop\/handlers\/billing\.ts: Unexpected "}"/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(root, "cdktf.out"))).toBe(false);
  });

  it("a handler that exports no `handler` is caught by check", async () => {
    const root = tempProject(fanout(OK_SUBSCRIBER), ["handlers/billing.ts"], "shop");
    writeFileSync(join(root, "services/shop/handlers/billing.ts"), "export const main = async () => ({ batchItemFailures: [] });\n");
    const run = await cli(root, "check");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/service\.yaml:11:18 patterns\.events\.subscribers\.billing\.handler: services\/shop\/handlers\/billing\.ts exports no `handler` \(Lambda calls index\.handler\); it exports: main$/m);
  });

  it("a spec named on the command line that does not exist is a located error", async () => {
    const root = tempProject(fanout(OK_SUBSCRIBER), ["handlers/billing.ts"], "shop");
    mkdirSync(join(root, "elsewhere"));
    const run = await cli(root, "check", "elsewhere/service.yaml");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^elsewhere\/service\.yaml:1:1: file not found/m);
  });
});
