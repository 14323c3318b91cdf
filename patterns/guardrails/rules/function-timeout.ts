import { AWS_LIMITS } from "../../model/limits.js";
import { finding, type Rule } from "../rule.js";

const name = "function-timeout";

export const functionTimeout: Rule = {
  name,
  why: "Lambda stops a function after 900 s; a longer timeout is rejected at deploy time",
  check(model) {
    return model.functions
      .filter((f) => f.timeoutSeconds > AWS_LIMITS.lambdaMaxTimeoutSeconds)
      .map((f) =>
        finding(name, f.settingPaths.timeoutSeconds, `must be at most ${AWS_LIMITS.lambdaMaxTimeoutSeconds} seconds, got ${f.timeoutSeconds}`),
      );
  },
};
