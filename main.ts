/**
 * cdktf app entry (`npx cdktf synth` runs it through cdktf.json): the same stacks as
 * `bulkhead synth`. `BULKHEAD_SPECS` may name spec files, separated by commas.
 */
import { App } from "cdktf";
import { discoverSpecs, prepareServices } from "./patterns/pipeline.js";
import { SpecError, formatProblem } from "./patterns/spec/errors.js";
import { addStacks } from "./patterns/synthesize.js";

const root = process.cwd();
const named = process.env.BULKHEAD_SPECS?.split(",").map((s) => s.trim()).filter(Boolean);
try {
  const services = prepareServices(named?.length ? named : discoverSpecs(root), root);
  const app = new App();
  addStacks(app, services, root);
  app.synth();
} catch (err) {
  if (!(err instanceof SpecError)) throw err;
  err.problems.forEach((p) => process.stderr.write(`${formatProblem(p)}\n`));
  process.exitCode = 1;
}
