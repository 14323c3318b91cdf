import type { Pattern } from "../pattern.js";
import { resolveFanout } from "./resolve.js";
import { fanoutSpec, type FanoutSpec } from "./spec.js";

export const fanout: Pattern<FanoutSpec> = { type: "fanout", spec: fanoutSpec, resolve: resolveFanout };
