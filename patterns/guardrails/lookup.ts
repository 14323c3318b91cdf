import type { QueueModel, ResourceRef, ServiceModel } from "../model/types.js";

export function queueOf(model: ServiceModel, ref: ResourceRef): QueueModel | undefined {
  return model.queues.find((q) => q.id === ref.id);
}

export function sameRef(a: ResourceRef, b: ResourceRef): boolean {
  return a.kind === b.kind && a.id === b.id;
}
