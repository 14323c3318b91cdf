import type { ResourceRef } from "../model/types.js";

/**
 * ARNs of the resources a stack has created so far, by model reference. Resources
 * are created in dependency order, so a missing reference is a bug in bulkhead.
 */
export class ResourceIndex {
  private readonly arns = new Map<string, string>();

  add(ref: ResourceRef, arn: string): void {
    this.arns.set(key(ref), arn);
  }

  arn(ref: ResourceRef): string {
    const arn = this.arns.get(key(ref));
    if (arn === undefined) throw new Error(`bulkhead bug: ${key(ref)} is referenced before it is created`);
    return arn;
  }

  /** The ARN a policy statement's resource means: log groups need their streams. */
  policyResource(resource: ResourceRef | string): string {
    if (typeof resource === "string") return resource;
    return resource.kind === "logGroup" ? `${this.arn(resource)}:*` : this.arn(resource);
  }
}

function key(ref: ResourceRef): string {
  return `${ref.kind}:${ref.id}`;
}
