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
  new: {
    usage: "bulkhead new NAME [--with PATTERN,...] [--dir DIR]   write a new service: commented spec, handlers, their tests",
    help: [
      "NAME is the service's name: lowercase letters, digits and dashes, starting with a letter, at most 24 characters.",
      "Writes DIR/NAME/ at once (nothing if anything is wrong): service.yaml (environments dev and prod), one handler",
      "per consumer with its vitest test, an end-to-end test through the local runtime, and for a sharded pattern",
      "service.shards.lock.json, as bulkhead shards assign would write it. Run it from the project's root.",
      "--with P,...   the patterns (default fanout): fanout, shuffle-sharded-queue, priority-queue,",
      "               tenant-isolated-function; tenant-aware ones add example tenants to the spec",
      "--dir DIR      the folder services go in (default services)",
    ],
    load: () => import("./new.js"),
  },
  add: {
    usage: "bulkhead add PATTERN NAME [SPEC]       add a pattern named NAME, with its handlers and tests, to a service",
    help: [
      "PATTERN is fanout, shuffle-sharded-queue, priority-queue or tenant-isolated-function; NAME must be new to the spec.",
      "SPEC is a service.yaml or its folder; default: the project's one services/*/service.yaml.",
      "The pattern goes at the end of the spec's patterns, every other line kept as it is, comments included;",
      "its handlers, their tests and an end-to-end test are written beside the spec, and a sharded pattern's",
      "shard sets are added to service.shards.lock.json. Each file is replaced whole; if one fails, none changes.",
    ],
    load: () => import("./add.js"),
  },
  dev: {
    usage: "bulkhead dev [SPEC] [--env ENV] [--replay FILE.jsonl --until-idle --report FILE.json]   run a service locally, as AWS would",
    help: [
      "SPEC is a service.yaml or its folder; default: the one services/*/service.yaml.",
      "--env ENV          the environment whose resolved model runs (default: the spec's first)",
      "--logs             print what the functions log, too",
      "--quiet            no line per invocation (progress, problems and the table still print)",
      "--replay FILE      send every line of FILE (JSON Lines) first: {\"pattern\": \"...\", \"body\": {...}} with optional",
      "                   \"tenant\", \"priority\" (high|low), \"attributes\" (string values) and \"key\"; every line is",
      "                   checked first, and a bad one (reported with its line number) means nothing is sent",
      "--until-idle       exit once every queue is empty and nothing is in flight (exit 0), instead of at Ctrl-C",
      "--timeout SECONDS  with --until-idle: give up after this long (default 300), print what is still busy, exit 1",
      "--report FILE      write the report as JSON at the end: per function invocations, processed, duplicate,",
      "                   failed, deferred, expired…; per dead-letter queue the messages in it; the outcome",
      "SQS, SNS and S3 (fauxqs) and DynamoDB (dynalite) run in-process on 127.0.0.1. Each function runs from",
      "the bundle synth zips, with the environment synth gives it, fed by its event source mappings.",
      "One line per invocation (colour on a terminal; NO_COLOR turns it off); at the end, per function and per",
      "dead-letter queue, what happened. Until Ctrl-C, handler edits are rebuilt and run from the next invocation,",
      "and `bulkhead send` reaches the service (it finds it in .bulkhead/dev/).",
    ],
    load: () => import("./dev.js"),
  },
  send: {
    usage: "bulkhead send [SPEC] PATTERN --body JSON [--tenant T] [--priority high|low] [--attr K=V]... [--key K]   send one message to a running bulkhead dev",
    help: [
      "SPEC is a service.yaml or its folder; default: the one a running bulkhead dev runs, or the project's one spec.",
      "The message goes through the producer the service's own code uses for PATTERN (topic publisher, shard or",
      "tenant router, priority publisher, claim-check for a large body), so routing and ids are those of AWS.",
      "--body JSON        the message: JSON text, or @FILE to read it from a file",
      "--env ENV          the environment of the running bulkhead dev (needed only when several run)",
      "--tenant T         the tenant (required by shuffle-sharded queues and tenant-isolated functions)",
      "--priority P       high (default) or low, for a priority queue",
      "--attr NAME=VALUE  a message attribute subscribers filter on (repeat for more)",
      "--key K            the business key the deterministic bulkhead-message-id comes from (default: a fresh one);",
      "                   sending one key twice is what a retried producer does",
      "Start `bulkhead dev` first, in the same project folder.",
    ],
    load: () => import("./send.js"),
  },
  diagram: {
    usage: "bulkhead diagram [SPEC] [--env ENV] [--format mermaid|dot|svg] [--out FILE]   draw the architecture the spec produces",
    help: [
      "SPEC is a service.yaml or its folder; default: the project's one services/*/service.yaml.",
      "--env ENV      the environment whose resolved model is drawn (default: the spec's first)",
      "--format F     mermaid (default: GitHub and GitLab render it in Markdown, and it diffs as text),",
      "               dot (Graphviz), or svg (the DOT laid out by Graphviz compiled to WebAssembly)",
      "--out FILE     write it there instead of printing it",
      "Per pattern: topics, filtered subscriptions, lanes, shards and silos (one summary node each beyond 4),",
      "queues, DLQs and functions; the stack's tables and buckets; who outside the service may publish or send.",
    ],
    load: () => import("./diagram.js"),
  },
  cost: {
    usage: "bulkhead cost [SPEC] [--env ENV] --rate PATTERN=N/s ...   estimate the monthly AWS bill at those rates",
    help: [
      "SPEC is a service.yaml or its folder; default: the project's one services/*/service.yaml.",
      "--rate PATTERN=N/s   messages a second into a pattern (a fan-out: events published); repeat per pattern.",
      "                     PATTERN.SUBSCRIBER=N/s: what a subscriber's filter admits (default: every event);",
      "                     PATTERN.low=N/s, PATTERN.surge=N/s: a priority queue's share for those lanes;",
      "                     PATTERN.TENANT=N/s: one silo's rate (the others share the rest evenly).",
      "                     A pattern without a rate costs only what it costs idle (alarms, polling).",
      "--duration-ms N      how long one record takes (default 100)",
      "--message-bytes N    a message's size, body and attributes (default 1024)",
      "--log-bytes N        log bytes an invocation writes (default 1200)",
      "--trace-sampling F   share of traced invocations X-Ray records (default 0.05)",
      "--json               every line, unrounded, for machines",
      "Prices come from operate/cost/prices/<region>.json (dated, with sources). The report says what it assumes,",
      "what it leaves out, and the total at 1×, 10× and 100× the rates with the line that dominates.",
    ],
    load: () => import("./cost.js"),
  },
  schema: {
    usage: "bulkhead schema                        print the spec's JSON Schema",
    help: ["The same schema is committed as service.schema.json; specs point editors at it."],
    load: () => import("./schema.js"),
  },
};
