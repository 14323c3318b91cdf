import type { z } from "zod";
import type { PatternContext } from "./model/context.js";
import type { ModelPart } from "./model/part.js";

/** A pattern is its spec schema and a pure resolver; the shared constructs do the rest. */
export interface Pattern<S> {
  readonly type: string;
  readonly spec: z.ZodObject;
  readonly resolve: (ctx: PatternContext, spec: S) => ModelPart;
}
