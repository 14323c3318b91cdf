import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli } from "./support/project.js";

const printed = await cli(process.cwd(), "schema");

describe("bulkhead schema", () => {
  const schema = JSON.parse(printed.stdout);

  it("is the committed service.schema.json that the example spec points editors at", async () => {
    expect(printed.code, printed.stderr).toBe(0);
    expect(JSON.parse(readFileSync("service.schema.json", "utf8"))).toEqual(schema);
    expect(readFileSync("services/orders/service.yaml", "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/service\.schema\.json$/m);
  });

  it("comes from the validator: closed objects, pattern types, documented keys", async () => {
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(["version", "service", "region", "environments", "patterns"]));
    const types = JSON.stringify(schema.properties.patterns).match(/"const":"[a-z-]+"/g);
    expect(types).toEqual(expect.arrayContaining(['"const":"fanout"', '"const":"shuffle-sharded-queue"']));
    expect(JSON.stringify(schema)).toContain("derived from the timeout when absent");
  });

  it("accepts the example spec's keys (a closed schema that knows every key used)", async () => {
    const spec = parse(readFileSync("services/orders/service.yaml", "utf8"));
    for (const key of Object.keys(spec)) expect(Object.keys(schema.properties)).toContain(key);
  });
});
