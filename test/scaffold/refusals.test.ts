// What `bulkhead new` and `bulkhead add` refuse: each with a clear error, exit code 1, and nothing
// written; and how they write: one rename for a new folder, every change undone when one fails.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyChanges } from "../../scaffold/write.js";
import { cli, useScratchTmpdir } from "../support/project.js";
import { scaffoldProject, snapshot } from "./support.js";

/** Runs the command and checks that it failed with `error` in its message and left the project as it was. */
async function refused(root: string, argv: string[], error: string | RegExp): Promise<string> {
  const before = snapshot(root);
  const run = await cli(root, ...argv);
  expect(run.code, run.stdout).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(typeof error === "string" ? new RegExp(escape(error)) : error);
  expect(snapshot(root)).toEqual(before);
  expect(readdirSync(root).filter((f) => f.startsWith("."))).toEqual([]);
  return run.stderr;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("bulkhead new refuses, writing nothing", () => {
  const root = scaffoldProject();

  it("an existing folder, even an empty one", async () => {
    mkdirSync(join(root, "services", "taken"), { recursive: true });
    writeFileSync(join(root, "services", "taken", "notes.md"), "ours\n");
    await refused(root, ["new", "taken"], "bulkhead new: services/taken already exists; choose another name or --dir (nothing written)");
    mkdirSync(join(root, "services", "empty"));
    await refused(root, ["new", "empty"], "services/empty already exists");
    rmSync(join(root, "services"), { recursive: true });
  });

  it.each([
    ["Payments", "uppercase"],
    ["1payments", "a digit first"],
    ["pay_ments", "an underscore"],
    ["payments-", "a trailing dash"],
    ["a-service-name-of-25-char", "25 characters"],
  ])("the service name %s (%s)", async (name) => {
    await refused(
      root,
      ["new", name],
      `bulkhead new: "${name}" is not a valid service name: expected lowercase letters, digits and dashes, starting with a letter and not ending with a dash, at most 24 characters`,
    );
  });

  it("accepts a name of exactly 24 characters", async () => {
    const other = scaffoldProject();
    const run = await cli(other, "new", "a-service-name-of-24-chr");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it.each([
    ["fan-out", 'unknown pattern "fan-out"; did you mean fanout?'],
    ["fanout,shuffle-sharded", 'unknown pattern "shuffle-sharded"; did you mean shuffle-sharded-queue?'],
    ["priority", 'unknown pattern "priority"; did you mean priority-queue?'],
    ["tenant-isolated-functions", 'unknown pattern "tenant-isolated-functions"; did you mean tenant-isolated-function?'],
    ["queue", 'unknown pattern "queue" (known: fanout, shuffle-sharded-queue, priority-queue, tenant-isolated-function)'],
    ["fanout,", "--with takes pattern types separated by commas"],
  ])("the patterns --with %s", async (list, error) => {
    await refused(root, ["new", "payments", "--with", list], `bulkhead new: ${error}`);
  });

  it("no name, two names, an unknown option, --with without a value", async () => {
    await refused(root, ["new"], "bulkhead new: name the service: bulkhead new NAME");
    await refused(root, ["new", "a", "b"], "expected one service name, got 2: a b");
    await refused(root, ["new", "payments", "--width", "fanout"], "unknown option --width; did you mean --with?");
    await refused(root, ["new", "payments", "--with"], "--with needs a value");
  });

  it("a folder that is not a project's root (no handlers/index.ts to import)", async () => {
    const bare = join(useScratchTmpdir(), "bare");
    mkdirSync(bare);
    await refused(bare, ["new", "payments"], /no handlers\/index\.ts in .*bare: run this from the project's root/);
  });
});

describe("bulkhead add refuses, writing nothing", () => {
  const root = scaffoldProject();
  cpSync(join(process.cwd(), "services", "orders"), join(root, "services", "orders"), { recursive: true });
  const spec = "services/orders/service.yaml";

  it("a name the spec already has", async () => {
    const line = readFileSync(join(root, spec), "utf8").split("\n").indexOf("  order-events:") + 1;
    await refused(root, ["add", "fanout", "order-events", spec], `bulkhead add: ${spec} already has a pattern named order-events (line ${line}, type fanout); choose another name`);
  });

  it("an unknown pattern, with the closest", async () => {
    await refused(root, ["add", "priority-queues", "alerts", spec], 'unknown pattern "priority-queues"; did you mean priority-queue?');
  });

  it("a pattern name the spec would not take", async () => {
    await refused(root, ["add", "fanout", "Alerts", spec], '"Alerts" is not a valid pattern name');
  });

  it("a file it would write that is already there", async () => {
    writeFileSync(join(root, "services", "orders", "handlers", "alerts.ts"), "// mine\n");
    await refused(root, ["add", "priority-queue", "alerts", spec], "services/orders/handlers/alerts.ts already exists; choose another pattern name (nothing written)");
    rmSync(join(root, "services", "orders", "handlers", "alerts.ts"));
  });

  it("a spec with a mistake, located as check reports it", async () => {
    const broken = scaffoldProject();
    mkdirSync(join(broken, "services", "bad"), { recursive: true });
    writeFileSync(join(broken, "services", "bad", "service.yaml"), "version: 1\nservice: bad\nregion: us-east-1\nenvironments: { dev: {} }\npatterns:\n  q: { type: fanout, subscriberz: {} }\n");
    await refused(broken, ["add", "fanout", "more"], /services\/bad\/service\.yaml:6:22 patterns\.q\.subscriberz: unknown key "subscriberz"; did you mean "subscribers"\?/);
  });

  it("without SPEC, when the project has several", async () => {
    const several = scaffoldProject();
    expect((await cli(several, "new", "one")).code).toBe(0);
    expect((await cli(several, "new", "two")).code).toBe(0);
    await refused(several, ["add", "fanout", "more"], "several specs found (services/one/service.yaml, services/two/service.yaml); name the one to add to");
  });
});

describe("writing", () => {
  it("bulkhead new leaves no staging folder beside the new one", async () => {
    const root = scaffoldProject();
    expect((await cli(root, "new", "payments", "--with", "shuffle-sharded-queue")).code).toBe(0);
    expect(readdirSync(join(root, "services"))).toEqual(["payments"]);
  });

  it("a change that cannot be made undoes those made before it", () => {
    const folder = join(useScratchTmpdir(), "undo");
    mkdirSync(folder);
    writeFileSync(join(folder, "service.yaml"), "before\n");
    writeFileSync(join(folder, "taken.ts"), "theirs\n");
    const before = snapshot(folder);
    expect(() =>
      applyChanges(folder, [
        { path: join(folder, "handlers", "new.ts"), text: "new\n" },
        { path: join(folder, "service.yaml"), text: "after\n", before: "before\n" },
        { path: join(folder, "taken.ts"), text: "ours\n" },
      ]),
    ).toThrow(`${join(folder, "taken.ts")} already exists; nothing written`);
    expect(snapshot(folder)).toEqual(before);
    expect(readdirSync(folder).sort()).toEqual(["service.yaml", "taken.ts"]);
  });
});
