import { bundleHandlers, functionBundleRequest, type Bundle } from "../../patterns/blocks/bundle.js";
import type { ServiceModel } from "../../patterns/model/types.js";
import { SpecError } from "../../patterns/spec/errors.js";

/** The bundles a ServiceStack needs, for tests that build one from a model without the CLI. */
export async function bundlesFor(model: ServiceModel, projectRoot = process.cwd()): Promise<Map<string, Bundle>> {
  const requests = model.functions.map((fn) => [fn.name, functionBundleRequest(fn, model.routingTables, projectRoot)] as const);
  const built = await bundleHandlers(requests.map(([, r]) => r));
  return new Map(
    requests.map(([name, request]) => {
      const bundle = built.get(request)!;
      if (bundle instanceof SpecError) throw bundle;
      return [name, bundle];
    }),
  );
}
