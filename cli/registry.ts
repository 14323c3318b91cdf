import type { Run } from "./io.js";

export interface Command {
  /** One line: how it is called and what it does. */
  readonly usage: string;
  /** What `bulkhead COMMAND --help` adds below the usage line. */
  readonly help: readonly string[];
  /** Loaded only when the command runs, so `--help` never pays for cdktf or the validator. */
  readonly load: () => Promise<{ run: Run }>;
}

export const commands: Readonly<Record<string, Command>> = {
  synth: {
    usage: "bulkhead synth [SPEC...] [--out DIR]   write Terraform JSON, one stack per service and environment",
    help: [
      "SPEC is a service.yaml or its folder; default: every services/*/service.yaml.",
      "Handlers are bundled and type-checked (the project's tsconfig.json) first; nothing is written unless all pass.",
      "--out DIR   the output folder (default cdktf.out). Only files an earlier synth wrote are replaced:",
      "            state, .terraform/, lock files and plans in a stack folder are kept, and the stacks",
      "            of specs not named stay as they are.",
    ],
    load: () => import("./synth.js"),
  },
  check: {
    usage: "bulkhead check [SPEC...] [--rules]     validate, bundle and type-check handlers, run every guardrail; writes nothing",
    help: ["SPEC is a service.yaml or its folder; default: every services/*/service.yaml.", "--rules     list the guardrails and the failure each prevents"],
    load: () => import("./check.js"),
  },
  shards: {
    usage: "bulkhead shards assign|report SPEC     give new tenants permanent shard sets | print balance and blast radius",
    help: [
      "assign SPEC   record a shard set for every new tenant in service.shards.lock.json beside the spec",
      "              (assigned tenants never move; an unchanged lock is not rewritten)",
      "report SPEC   balance, overlaps and blast radius of the lock, beside a stateless hash",
    ],
    load: () => import("./shards.js"),
  },
  schema: {
    usage: "bulkhead schema                        print the spec's JSON Schema",
    help: ["The same schema is committed as service.schema.json; specs point editors at it."],
    load: () => import("./schema.js"),
  },
};
