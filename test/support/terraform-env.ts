// Where terraform and the hashicorp/aws provider come from, and whether the Terraform checks
// can run here. The build machines have no registry access, so the provider must come from a
// local filesystem mirror that the environment names; nothing here knows where it lives.
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export const MIRROR_ENV = "BULKHEAD_TF_PROVIDER_MIRROR";
export const REQUIRE_ENV = "BULKHEAD_REQUIRE_TERRAFORM";
const AWS_IN_MIRROR = join("registry.terraform.io", "hashicorp", "aws");

export interface TerraformAvailability {
  /** terraform is on PATH and the mirror holds hashicorp/aws. */
  available: boolean;
  /** CI demands the Terraform checks: a missing terraform or mirror is a failure, not a skip. */
  required: boolean;
  /** Why the checks cannot run ("" when available), phrased for a test log. */
  reason: string;
  terraformBin?: string;
  mirror?: string;
}

/** The filesystem mirror (the folder that contains `registry.terraform.io/`), from the environment. */
export function terraformMirror(): string | undefined {
  return process.env[MIRROR_ENV]?.trim() || undefined;
}

export function terraformAvailable(): TerraformAvailability {
  const required = isSet(process.env.CI) && process.env[REQUIRE_ENV] === "1";
  const terraformBin = findOnPath("terraform");
  const mirror = terraformMirror();
  const problems: string[] = [];
  if (!terraformBin) problems.push("terraform is not on PATH");
  if (!mirror) {
    problems.push(`${MIRROR_ENV} is not set (point it at the folder that contains registry.terraform.io/hashicorp/aws)`);
  } else if (!existsSync(join(mirror, AWS_IN_MIRROR))) {
    problems.push(`${MIRROR_ENV}=${mirror} has no ${AWS_IN_MIRROR} inside (it must name the folder that contains registry.terraform.io/)`);
  }
  return { available: problems.length === 0, required, reason: problems.join("; "), terraformBin, mirror };
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/**
 * A scratch folder for one planStacks call: the CLI config, the plugin cache and the stack
 * copies. Per call (not per process or shared) because Terraform's plugin cache is not safe for
 * concurrent writers, and because vitest ends its workers without an exit event, so only the
 * caller's `finally` can be trusted to remove it.
 */
export interface TerraformHome {
  root: string;
  /** The environment for every terraform process run from this home. */
  env: NodeJS.ProcessEnv;
}

export function createTerraformHome(mirror: string): TerraformHome {
  const root = mkdtempSync(join(tmpdir(), "bulkhead-terraform-"));
  const cliConfig = join(root, "terraformrc");
  const pluginCache = join(root, "plugin-cache");
  mkdirSync(pluginCache);
  writeFileSync(cliConfig, cliConfigFor(mirror));
  // Our own CLI config (the ambient TF_CLI_CONFIG_FILE may point nowhere), no checkpoint calls,
  // no prompts, and none of the caller's TF_* / AWS_* settings, so a developer's profile or
  // TF_CLI_ARGS cannot change results.
  const inherited: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("TF_") && !key.startsWith("AWS_")) inherited[key] = value;
  }
  const env = {
    ...inherited,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_PLUGIN_CACHE_DIR: pluginCache,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  return { root, env };
}

export function removeTerraformHome(home: TerraformHome): void {
  rmSync(home.root, { recursive: true, force: true });
}

// hashicorp/aws comes only from the mirror; anything else would need the registry, which these
// machines cannot reach, so such a stack fails at init with Terraform's own message.
function cliConfigFor(mirror: string): string {
  const quoted = JSON.stringify(mirror);
  return `provider_installation {
  filesystem_mirror {
    path    = ${quoted}
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
`;
}
