import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Every `services/<name>/service.yaml` under the project root, sorted. */
export function discoverSpecs(projectRoot: string): string[] {
  const servicesDir = join(projectRoot, "services");
  if (!existsSync(servicesDir)) return [];
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(servicesDir, d.name, "service.yaml")))
    .map((d) => join("services", d.name, "service.yaml"))
    .sort();
}
