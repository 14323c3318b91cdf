import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { interleave } from "./measure/interleave.js";
import { ProgramFailed, type Sample } from "./measure/run-program.js";
import { writeHandler } from "./specs.js";

/** `bulkhead --help` against `node -e 0`, both fresh processes, interleaved. */
export async function measureHelp(cli: string, scratch: string, runs: number): Promise<{ help: Sample[]; node: Sample[] }> {
  return interleave("bulkhead --help vs node -e 0", { help: { program: () => ({ args: [cli, "--help"] }) }, node: { program: () => ({ args: ["-e", "0"] }) } }, runs, scratch);
}

export const ASSIGN_TENANTS = 10_000;
const ASSIGN = { shards: 64, shardsPerTenant: 3 };
export const ASSIGN_LABEL = `bulkhead shards assign: ${ASSIGN_TENANTS.toLocaleString("en-US")} tenants, n=${ASSIGN.shards} k=${ASSIGN.shardsPerTenant}, no lock`;

/**
 * The whole `bulkhead shards assign SPEC` command, fresh process, from a spec with no
 * lock: the lock is deleted before each run, and checked after it to hold every tenant.
 */
export async function measureAssign(cli: string, projectRoot: string, scratch: string, runs: number): Promise<Sample[]> {
  const specFile = "services/tenants/service.yaml";
  const lockFile = join(projectRoot, "services/tenants/service.shards.lock.json");
  writeHandler(join(projectRoot, "services/tenants/handlers/ingest.ts"), "ingest");
  const spec = {
    version: 1,
    service: "tenants",
    region: "us-east-1",
    environments: { dev: {} },
    tenants: Array.from({ length: ASSIGN_TENANTS }, (_, i) => `tenant-${String(i).padStart(5, "0")}`),
    patterns: { ingest: { type: "shuffle-sharded-queue", ...ASSIGN, consumer: { handler: "handlers/ingest.ts" } } },
  };
  mkdirSync(join(projectRoot, "services/tenants"), { recursive: true });
  writeFileSync(join(projectRoot, specFile), stringify(spec));
  const { assign } = await interleave(
    ASSIGN_LABEL,
    {
      assign: {
        program: () => ({ args: [cli, "shards", "assign", specFile], cwd: projectRoot }),
        before: () => rmSync(lockFile, { force: true }),
        after: () => checkLock(lockFile),
      },
    },
    runs,
    scratch,
  );
  return assign;
}

function checkLock(lockFile: string): void {
  const assigned = existsSync(lockFile) ? Object.keys(JSON.parse(readFileSync(lockFile, "utf8")).patterns?.ingest?.assignments ?? {}).length : 0;
  if (assigned !== ASSIGN_TENANTS) throw new ProgramFailed(`bulkhead shards assign wrote ${assigned} of ${ASSIGN_TENANTS} tenants to ${lockFile}`);
}
