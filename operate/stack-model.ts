import type { ServiceModel } from "../patterns/model/types.js";
import { resolveSpecFile } from "../patterns/resolve-spec-file.js";
import { OperateInputError } from "./errors.js";

/**
 * One environment's resolved model of a spec, the only input `diagram` and `cost` read: loaded and
 * resolved as synth does (the shard lock beside the spec included), without cdktf or bundling.
 * A spec that does not load throws its SpecError; default environment: the spec's first.
 */
export function stackModel(file: string, projectRoot: string, environment?: string): ServiceModel {
  const { models } = resolveSpecFile(file, projectRoot);
  const model = environment === undefined ? models[0] : models.find((m) => m.environment === environment);
  if (!model) {
    throw new OperateInputError(`${file} has no environment ${environment}; its environments are ${models.map((m) => m.environment).join(", ")}`);
  }
  return model;
}
