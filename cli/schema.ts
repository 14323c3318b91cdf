import { serviceJsonSchema } from "../patterns/spec/schema.js";
import { parseArgs } from "./args.js";
import type { Run } from "./io.js";

export const run: Run = (argv, io) => {
  parseArgs(argv);
  io.out(JSON.stringify(serviceJsonSchema(), null, 2));
  return 0;
};
