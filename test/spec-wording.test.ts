import { describe, expect, it } from "vitest";
import { idempotencyKeyProblem } from "../patterns/spec/common.js";
import { formatProblem, SpecError } from "../patterns/spec/errors.js";
import { parseSpec } from "../patterns/spec/load.js";
import { closest, editDistance } from "../patterns/spec/suggest.js";

const HEADER = `version: 1
service: shop
region: us-east-1
environments:
  dev: {}
`;

function fanout(subscriber: string): string {
  return `${HEADER}patterns:
  events:
    type: fanout
    subscribers:
      billing:
        handler: handlers/billing.ts
${subscriber}`;
}

/** The formatted problems a spec is rejected with, in file order. */
function rejected(yaml: string): string[] {
  try {
    parseSpec("service.yaml", yaml);
  } catch (err) {
    if (err instanceof SpecError) return err.problems.map(formatProblem);
    throw err;
  }
  throw new Error("spec was accepted");
}

describe("YAML mistakes are worded for a person and located where they are", () => {
  it("a duplicate key names the key and the line of the first", () => {
    expect(rejected(`${HEADER}patterns:\n  events:\n    type: fanout\n    type: fanout\n`)).toEqual([
      'service.yaml:9:5: invalid YAML: duplicate key "type" (first at line 8)',
    ]);
  });

  it("a duplicate key on the line of the first names its column", () => {
    expect(rejected(`${HEADER}patterns: { a: 1, a: 2 }\n`)).toEqual(['service.yaml:6:19: invalid YAML: duplicate key "a" (first at column 13)']);
  });

  it("an unclosed [ inside a closed { is the only one reported", () => {
    expect(rejected(`${HEADER}patterns: { a: [1, 2 }\n`)).toEqual(['service.yaml:6:16: invalid YAML: this "[" is never closed; end the list with "]"']);
  });

  it("brackets still open at the end of the file are each reported where they opened", () => {
    expect(rejected(`${HEADER}patterns: { a: [1, 2`)).toEqual([
      'service.yaml:6:11: invalid YAML: this "{" is never closed; end the map with "}"',
      'service.yaml:6:16: invalid YAML: this "[" is never closed; end the list with "]"',
    ]);
  });

  it("an unclosed quote is reported where the string starts", () => {
    expect(rejected(`${HEADER}patterns: "abc\n`)).toEqual(['service.yaml:6:11: invalid YAML: the " that starts this string is never closed']);
  });
});

describe("schema mistakes say what to write, in words", () => {
  it("an empty file asks for the keys every spec has", () => {
    expect(rejected("")).toEqual(["service.yaml:1:1: expected a map with version, service, region, environments and patterns, got an empty value"]);
  });

  it("a missing literal says which value", () => {
    expect(rejected(HEADER.replace("version: 1\n", "") + "patterns: {}\n")).toEqual([
      "service.yaml:1:1 version: missing (expected 1)",
      "service.yaml:5:11 patterns: expected at least one pattern",
    ]);
  });

  it("a missing setting of a map says what the map needs", () => {
    expect(rejected(`${HEADER}patterns:\n  ingest:\n    type: shuffle-sharded-queue\n    shards: 4\n    shardsPerTenant: 2\n`)).toEqual([
      "service.yaml:8:5 patterns.ingest.consumer: missing (a map with handler)",
    ]);
  });

  it("a missing string with its own pattern names the pattern", () => {
    expect(rejected(`${HEADER}backend: { s3: { bucket: state } }\npatterns: { events: { type: fanout, subscribers: { b: { handler: b.ts } } } }\n`)).toEqual([
      "service.yaml:6:16 backend.s3.region: missing (an AWS region such as us-east-1)",
    ]);
  });

  it("a filter value that is neither a list nor a map is located at the value, however deep", () => {
    expect(rejected(fanout("        filter: { a: x, b: [], c: { d: 1 } }\n"))).toEqual([
      'service.yaml:12:22 patterns.events.subscribers.billing.filter.a: expected a list or a map, got "x"',
      "service.yaml:12:28 patterns.events.subscribers.billing.filter.b: must have at least 1 item, got none",
      "service.yaml:12:40 patterns.events.subscribers.billing.filter.c.d: expected a list or a map, got 1",
    ]);
  });

  it("a value of a union of values lists them all", () => {
    expect(rejected(fanout("        function: { logRetentionDays: 2 }\n"))).toEqual([
      "service.yaml:12:39 patterns.events.subscribers.billing.function.logRetentionDays: expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 2",
    ]);
  });

  it("an enum value equally near two allowed ones suggests neither", () => {
    expect(rejected(fanout("        function: { runtime: nodejs18.x }\n"))).toEqual([
      'service.yaml:12:30 patterns.events.subscribers.billing.function.runtime: expected "nodejs20.x" or "nodejs22.x", got "nodejs18.x"',
    ]);
  });

  it("true or false, not boolean", () => {
    expect(rejected(fanout("        consumesOwnOutput: yes please\n"))).toEqual([
      'service.yaml:12:28 patterns.events.subscribers.billing.consumesOwnOutput: expected true or false, got "yes please"',
    ]);
  });

  it("an environment name that is too long is located at the name", () => {
    expect(rejected(HEADER.replace("dev: {}", "development-eu: {}") + "patterns: { events: { type: fanout, subscribers: { b: { handler: b.ts } } } }\n")).toEqual([
      'service.yaml:5:3 environments.development-eu: invalid name "development-eu": must be at most 12 characters long',
    ]);
  });
});

describe("unknown keys suggest the key that was meant", () => {
  it("a key that differs only in case", () => {
    expect(rejected(fanout("        BatchSize: 3\n"))).toEqual([
      'service.yaml:12:9 patterns.events.subscribers.billing.BatchSize: unknown key "BatchSize"; did you mean "batchSize"?',
    ]);
  });

  it("a key with two letters swapped, at the top of the spec, without a second problem for the key it stands for", () => {
    expect(rejected(HEADER.replace("environments:", "envrionments:") + "patterns: { events: { type: fanout, subscribers: { b: { handler: b.ts } } } }\n")).toEqual([
      'service.yaml:4:1 envrionments: unknown key "envrionments"; did you mean "environments"?',
    ]);
  });

  it("in a pattern, the keys of its own type", () => {
    expect(rejected(`${HEADER}patterns:\n  events:\n    type: fanout\n    fifo: true\n    subscriber: {}\n    subscribers: { b: { handler: b.ts } }\n`)).toEqual([
      'service.yaml:10:5 patterns.events.subscriber: unknown key "subscriber"; "subscribers" is already set',
    ]);
  });
});

describe("edit distance", () => {
  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("shardsPerTneant", "shardsPerTenant")).toBe(1);
    expect(editDistance("handlr", "handler")).toBe(1);
    expect(editDistance("fifo", "type")).toBe(4);
  });

  it("suggests nothing for short words two edits away, or for a tie", () => {
    expect(closest("fifi", ["fifo"])).toBe("fifo");
    expect(closest("tipe", ["type"])).toBe("type");
    expect(closest("tp", ["type"])).toBeUndefined();
    expect(closest("nodejs18.x", ["nodejs20.x", "nodejs22.x"])).toBeUndefined();
  });
});

describe("JMESPath errors point into the user's expression", () => {
  it("columns count from the start of the expression the user wrote, not the runtime's `payload | …`", () => {
    expect(idempotencyKeyProblem("[orderId")).toEqual({ message: 'not a JMESPath expression: unexpected end of expression at column 9 of "[orderId"', offset: 8 });
    expect(idempotencyKeyProblem("orderId |")).toEqual({ message: 'not a JMESPath expression: unexpected end of expression at column 10 of "orderId |"', offset: 9 });
    expect(idempotencyKeyProblem("a ^ b")).toEqual({ message: 'not a JMESPath expression: unexpected "^" at column 3 of "a ^ b"', offset: 2 });
    expect(idempotencyKeyProblem("foo..bar")).toEqual({ message: 'not a JMESPath expression: unexpected "." at column 5 of "foo..bar"', offset: 4 });
  });

  it("a function the runtime lacks, or one called with the wrong arguments, is named where it is called", () => {
    expect(idempotencyKeyProblem("lenght(orderId)")).toEqual({ message: 'unknown JMESPath function lenght() at column 1 of "lenght(orderId)"; did you mean length()?', offset: 0 });
    expect(idempotencyKeyProblem("x.length(a, b)")).toEqual({ message: 'length() at column 3 of "x.length(a, b)" takes at most 1 argument, got 2', offset: 2 });
    expect(idempotencyKeyProblem("join(',')")).toEqual({ message: `join() at column 1 of "join(',')" takes at least 2 arguments, got 1`, offset: 0 });
  });

  it("the file column is the error's place in a plain or single-quoted value", () => {
    expect(rejected(fanout("        idempotencyKey: a.'b\n"))).toEqual([
      `service.yaml:12:27 patterns.events.subscribers.billing.idempotencyKey: not a JMESPath expression: unexpected "'b" at column 3 of "a.'b"`,
    ]);
    expect(rejected(fanout("        idempotencyKey: '[orderId'\n"))).toEqual([
      'service.yaml:12:34 patterns.events.subscribers.billing.idempotencyKey: not a JMESPath expression: unexpected end of expression at column 9 of "[orderId"',
    ]);
  });

  it("where the file spells the value with escapes, the value's start", () => {
    expect(rejected(fanout('        idempotencyKey: "\\u005BorderId"\n'))).toEqual([
      'service.yaml:12:25 patterns.events.subscribers.billing.idempotencyKey: not a JMESPath expression: unexpected end of expression at column 9 of "[orderId"',
    ]);
  });
});
