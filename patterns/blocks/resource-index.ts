import { Lazy } from "cdktf";
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

  /**
   * An ARN resolved when the stack is synthesized, for a resource policy that names a resource
   * created later (a queue policy that trusts a sender's role, made with the function).
   */
  lateArn(ref: ResourceRef): string {
    return Lazy.stringValue({ produce: () => this.arn(ref) });
  }

  /** The ARN a policy statement's resource means: log groups need their streams, bucket objects their path. */
  policyResource(resource: ResourceRef | string): string {
    if (typeof resource === "string") return resource;
    if (resource.kind === "logGroup") return `${this.arn(resource)}:*`;
    return resource.objects ? `${this.arn(resource)}/${resource.objects}` : this.arn(resource);
  }
}

function key(ref: ResourceRef): string {
  return `${ref.kind}:${ref.id}`;
}
