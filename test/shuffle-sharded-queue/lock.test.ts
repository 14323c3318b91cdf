import fc from "fast-check";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assignTenants } from "../../patterns/shuffle-sharded-queue/assignment.js";
import {
  emptyLock,
  LockFileError,
  lockPathFor,
  parseLock,
  readLock,
  serializeLock,
  writeLock,
  type ShardsLock,
} from "../../patterns/shuffle-sharded-queue/lock.js";
import { smallShape, tenantList } from "./helpers.js";

const example: ShardsLock = {
  version: 1,
  patterns: {
    ingest: { n: 8, k: 2, maxOverlap: 1, assignments: { globex: [1, 3], acme: [0, 5] } },
    billing: { n: 4, k: 2, maxOverlap: null, assignments: {} },
  },
};

describe("lock file format", () => {
  it("is sorted JSON with one tenant per line", () => {
    expect(serializeLock(example)).toBe(
      [
        "{",
        '  "version": 1,',
        '  "patterns": {',
        '    "billing": {',
        '      "n": 4,',
        '      "k": 2,',
        '      "maxOverlap": null,',
        '      "assignments": {}',
        "    },",
        '    "ingest": {',
        '      "n": 8,',
        '      "k": 2,',
        '      "maxOverlap": 1,',
        '      "assignments": {',
        '        "acme": [0, 5],',
        '        "globex": [1, 3]',
        "      }",
        "    }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    expect(JSON.parse(serializeLock(example))).toEqual(example);
  });

  it("round-trips any assignment through text", () => {
    fc.assert(
      fc.property(smallShape, tenantList(30), fc.string({ minLength: 1 }), ({ n, k }, tenants, name) => {
        const lock: ShardsLock = { version: 1, patterns: { [name]: assignTenants({ shards: n, shardsPerTenant: k, tenants }, undefined) } };
        const text = serializeLock(lock);
        expect(parseLock(text, "x.json")).toEqual(lock);
        expect(serializeLock(parseLock(text, "x.json"))).toBe(text);
      }),
      { numRuns: 100 },
    );
  });

  it("lives beside the spec", () => {
    expect(lockPathFor("services/orders/service.yaml")).toBe(path.join("services/orders", "service.shards.lock.json"));
  });

  it.each([
    ["not JSON", "{", ""],
    ["another version", '{"version": 2, "patterns": {}}', "version"],
    ["a set out of range", '{"version":1,"patterns":{"p":{"n":4,"k":2,"maxOverlap":null,"assignments":{"a":[1,4]}}}}', "patterns.p.assignments.a"],
    ["an unsorted set", '{"version":1,"patterns":{"p":{"n":4,"k":2,"maxOverlap":null,"assignments":{"a":[2,1]}}}}', "patterns.p.assignments.a"],
    ["a set of the wrong size", '{"version":1,"patterns":{"p":{"n":4,"k":2,"maxOverlap":null,"assignments":{"a":[0,1,2]}}}}', "patterns.p.assignments.a"],
    ["maxOverlap of k", '{"version":1,"patterns":{"p":{"n":4,"k":2,"maxOverlap":2,"assignments":{}}}}', "patterns.p.maxOverlap"],
  ])("rejects %s, saying where", (_, text, at) => {
    expect(() => parseLock(text, "svc.shards.lock.json")).toThrow(LockFileError);
    try {
      parseLock(text, "svc.shards.lock.json");
    } catch (error) {
      expect(error).toMatchObject({ file: "svc.shards.lock.json", at });
    }
  });
});

describe("reading and writing the lock", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "bulkhead-lock-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads back what it wrote, replacing the old file and leaving no temporary behind", async () => {
    const file = path.join(dir, "service.shards.lock.json");
    await writeFile(file, "old");
    writeLock(file, example);
    expect(readLock(file)).toEqual(example);
    expect(await readFile(file, "utf8")).toBe(serializeLock(example));
    expect(await readdir(dir)).toEqual(["service.shards.lock.json"]);
  });

  it("reads a missing lock as empty: nothing assigned yet", async () => {
    expect(readLock(path.join(dir, "absent.shards.lock.json"))).toEqual(emptyLock());
  });

  it("leaves no temporary file when the write fails", async () => {
    expect(() => writeLock(path.join(dir, "no-such-dir", "x.json"), example)).toThrow();
    expect(await readdir(dir)).toEqual([]);
  });
});
