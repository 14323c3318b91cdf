import { serviceJsonSchema } from "../patterns/spec/schema.js";
import { guardrails } from "../patterns/guardrails/index.js";
import { discoverSpecs, prepareServices } from "../patterns/pipeline.js";
import { formatProblem } from "../patterns/spec/errors.js";
import { synthesizeAtomically } from "../patterns/synthesize.js";
import { parseArgs, UsageError } from "./args.js";
import { assignShards, reportShards } from "./shards.js";

export interface Io {
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
}

type Command = (argv: readonly string[], io: Io) => number;

function specsOrDefault(positionals: string[], cwd: string): string[] {
  const specs = positionals.length > 0 ? positionals : discoverSpecs(cwd);
  if (specs.length === 0) throw new UsageError("no specs given and none found at services/*/service.yaml");
  return specs;
}

const synth: Command = (argv, io) => {
  const { positionals, options } = parseArgs(argv, ["out"]);
  const services = prepareServices(specsOrDefault(positionals, io.cwd), io.cwd);
  for (const s of services) s.warnings.forEach((w) => io.err(formatProblem(w)));
  const stacks = synthesizeAtomically(services, (options.out as string | undefined) ?? "cdktf.out", io.cwd);
  stacks.forEach((dir) => io.out(`synthesized ${dir}/cdk.tf.json`));
  return 0;
};

const check: Command = (argv, io) => {
  const { positionals, options } = parseArgs(argv, [], ["rules"]);
  if (options.rules) {
    guardrails.forEach((r) => io.out(`${r.name}: ${r.why}`));
    return 0;
  }
  const specs = specsOrDefault(positionals, io.cwd);
  const services = prepareServices(specs, io.cwd);
  for (const s of services) s.warnings.forEach((w) => io.out(formatProblem(w)));
  io.out(`${specs.length} spec(s) pass ${guardrails.length} guardrails`);
  return 0;
};

const schema: Command = (argv, io) => {
  parseArgs(argv, []);
  io.out(JSON.stringify(serviceJsonSchema(), null, 2));
  return 0;
};

const shards: Command = (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === "assign") return assignShards(rest, io);
  if (sub === "report") return reportShards(rest, io);
  throw new UsageError(`expected "assign" or "report", got ${sub === undefined ? "nothing" : `"${sub}"`}`);
};

export const commands: Record<string, { run: Command; usage: string }> = {
  synth: { run: synth, usage: "bulkhead synth [SPEC...] [--out DIR]   write Terraform JSON (default: services/*/service.yaml into cdktf.out)" },
  check: { run: check, usage: "bulkhead check [SPEC...] [--rules]     validate and run every guardrail; writes nothing" },
  shards: { run: shards, usage: "bulkhead shards assign|report SPEC       give new tenants permanent shard sets | print balance and blast radius" },
  schema: { run: schema, usage: "bulkhead schema                        print the spec's JSON Schema" },
};
