import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseDiagnostics } from "../patterns/typecheck/tsc.js";
import { cli, EXAMPLE_SPEC, tempProject } from "./support/project.js";

const SPEC = `version: 1
service: shop
region: us-east-1
environments:
  dev: {}
  prod: {}
patterns:
  events:
    type: fanout
    subscribers:
      billing: { handler: handlers/billing.ts }
      shipping: { handler: handlers/shipping.ts }
`;

const TSCONFIG = {
  compilerOptions: { target: "es2022", module: "preserve", moduleResolution: "bundler", strict: true, noEmit: true, types: [] },
  include: ["services"],
};

const CLEAN = "export const handler = async () => ({ batchItemFailures: [] as string[] });\n";

/** A project with a tsconfig.json and the given files (project-relative path -> text). */
function typedProject(files: Record<string, string>, tsconfig: object | null = TSCONFIG): string {
  const root = tempProject(SPEC, ["handlers/billing.ts", "handlers/shipping.ts"], "shop");
  if (tsconfig) writeFileSync(join(root, "tsconfig.json"), JSON.stringify(tsconfig));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const compiledCli = (cwd: string, ...args: string[]) =>
  promisify(execFile)(process.execPath, [join(process.cwd(), "bin/bulkhead.mjs"), ...args], { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );

describe("a passing type-check is remembered until a file it read changes", () => {
  it("records what the compiler read, and a later edit is checked again", async () => {
    const root = typedProject({});
    expect((await cli(root, "check")).code).toBe(0);
    const cache = JSON.parse(readFileSync(join(root, "node_modules/.cache/bulkhead/typecheck.json"), "utf8"));
    const stamps: [string, number, number][] = Object.values(cache)[0] as never;
    expect(stamps.map(([path]) => path)).toEqual(expect.arrayContaining(["tsconfig.json", "services/shop/handlers/billing.ts", "services/shop/handlers/shipping.ts"]));
    expect((await cli(root, "check")).code).toBe(0);
    writeFileSync(join(root, "services/shop/handlers/billing.ts"), `const cents: number = "12";\n${CLEAN}`);
    const run = await cli(root, "check");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/services\/shop\/handlers\/billing\.ts:1:7: type error TS2322/);
  });
});

describe("bulkhead check type-checks the handlers", () => {
  it("fails on a type error in a handler, located in the handler, and writes nothing", async () => {
    const root = typedProject({ "services/shop/handlers/billing.ts": `const cents: number = "12";\n${CLEAN}` });
    const run = await cli(root, "check");
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toMatch(/^services\/shop\/handlers\/billing\.ts:1:7: type error TS2322: Type 'string' is not assignable to type 'number'\.$/m);
    expect(run.stderr).toMatch(/^1 error\(s\)$/m);

    const synth = await cli(root, "synth");
    expect(synth.code, synth.stdout).toBe(1);
    expect(synth.stderr).toMatch(/^services\/shop\/handlers\/billing\.ts:1:7: type error TS2322/m);
    expect(existsSync(join(root, "cdktf.out"))).toBe(false);
    expect(readdirSync(root).filter((name) => name.includes("typecheck")), "the generated tsconfig is removed").toEqual([]);
  });

  it("reports an error in a module two handlers import once, in that module, for every environment", async () => {
    const lib = "export function cents(amount: string): number {\n  return amount;\n}\n";
    const importing = `import { cents } from "../lib/money.js";\nexport const handler = async () => ({ batchItemFailures: [] as string[], total: cents("1") });\n`;
    const root = typedProject({ "services/shop/lib/money.ts": lib, "services/shop/handlers/billing.ts": importing, "services/shop/handlers/shipping.ts": importing });
    const run = await cli(root, "check");
    expect(run.code, run.stdout).toBe(1);
    const errors = run.stderr.split("\n").filter((line) => line.includes("type error"));
    expect(errors).toEqual(["services/shop/lib/money.ts:2:3: type error TS2322: Type 'string' is not assignable to type 'number'."]);
  });

  it("checks only the handlers of the specs named, with the project's compilerOptions", async () => {
    // Not a handler: outside what the spec bundles, so not bulkhead's to check.
    const root = typedProject({ "services/shop/scripts/seed.ts": "const broken: number = 'x';\n" });
    const run = await cli(root, "check");
    expect(run.code, run.stderr).toBe(0);
    // The project's strictness applies: an implicit any is an error under strict, not without it.
    const implicitAny = { "services/shop/handlers/billing.ts": `export const handler = async (event) => ({ batchItemFailures: [event] });\n` };
    expect((await cli(typedProject(implicitAny), "check")).stderr).toMatch(/handlers\/billing\.ts:1:31: type error TS7006: Parameter 'event' implicitly has an 'any' type/);
    const lax = await cli(typedProject(implicitAny, { ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, strict: false } }), "check");
    expect(lax.code, lax.stderr).toBe(0);
  });

  it("passes clean handlers", async () => {
    const run = await cli(typedProject({ "services/shop/handlers/billing.ts": CLEAN }), "check");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("1 spec(s) pass");
  });

  it("leaves a JavaScript handler alone: it has no types, and a tsconfig without allowJs refuses it", async () => {
    const root = typedProject({ "services/shop/handlers/billing.js": "export const handler = async () => ({ batchItemFailures: [] });\n" });
    writeFileSync(join(root, "services/shop/service.yaml"), SPEC.replace("handlers/billing.ts", "handlers/billing.js"));
    const run = await cli(root, "check");
    expect(run.code, run.stderr).toBe(0);
  });

  it("leaves a handler esbuild cannot parse to esbuild's message, reported once", async () => {
    const root = typedProject({ "services/shop/handlers/billing.ts": "export const handler = async () => {\n  return { batchItemFailures: [] ;\n};\n" });
    const run = await cli(root, "check");
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toMatch(/^services\/shop\/handlers\/billing\.ts:\d+:\d+: cannot bundle handler/m);
    expect(run.stderr).not.toMatch(/type error/);
  });

  it("reports a broken tsconfig.json there, not as a crash", async () => {
    const root = typedProject({ "services/shop/handlers/billing.ts": CLEAN }, { compilerOptions: { strict: true, noSuchOption: true, types: [] } });
    const run = await cli(root, "check");
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toMatch(/^tsconfig\.json:1:\d+: tsconfig error TS5023: Unknown compiler option 'noSuchOption'\.$/m);
  });

  it("without a tsconfig.json there are no compilerOptions to check with, and no type-check", async () => {
    const run = await cli(typedProject({ "services/shop/handlers/billing.ts": `const cents: number = "12";\n${CLEAN}` }, null), "check");
    expect(run.code, run.stderr).toBe(0);
  });

  it("passes the example, in process and with the compiled CLI", async () => {
    const run = await cli(process.cwd(), "check", EXAMPLE_SPEC);
    expect(run.code, run.stderr).toBe(0);
    const compiled = await compiledCli(process.cwd(), "check", EXAMPLE_SPEC);
    expect(compiled.code, compiled.stderr).toBe(0);
  });

  it("the compiled CLI finds the compiler too", async () => {
    const root = typedProject({ "services/shop/handlers/shipping.ts": `${CLEAN}export const weight: string = 3;\n` });
    const run = await compiledCli(root, "check");
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toMatch(/^services\/shop\/handlers\/shipping\.ts:2:14: type error TS2322: Type 'number' is not assignable to type 'string'\.$/m);
  });
});

describe("tsc's output, read", () => {
  it("keeps a message chain with its first line and names the project's tsconfig, not the generated one", () => {
    const output = [
      "services/a/handlers/x.ts(3,9): error TS2322: Type '{ a: string; }' is not assignable to type 'Order'.",
      "  Types of property 'a' are incompatible.",
      "    Type 'string' is not assignable to type 'number'.",
      "error TS5083: Cannot read file '/p/.gen.json'.",
      ".gen.json(1,1): error TS5024: Compiler option 'strict' requires a value of type boolean.",
    ].join("\n");
    expect(parseDiagnostics(output, ".gen.json", "/p")).toEqual([
      {
        file: "services/a/handlers/x.ts",
        line: 3,
        column: 9,
        path: [],
        severity: "error",
        message: "type error TS2322: Type '{ a: string; }' is not assignable to type 'Order'.\n  Types of property 'a' are incompatible.\n    Type 'string' is not assignable to type 'number'.",
      },
      { file: "tsconfig.json", line: 1, column: 1, path: [], severity: "error", message: "cannot type-check handlers: TS5083: Cannot read file '/p/tsconfig.json'." },
      { file: "tsconfig.json", line: 1, column: 1, path: [], severity: "error", message: "tsconfig error TS5024: Compiler option 'strict' requires a value of type boolean." },
    ]);
  });
});
