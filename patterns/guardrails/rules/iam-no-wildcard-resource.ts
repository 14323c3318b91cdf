import { finding, type Rule } from "../rule.js";

const name = "iam-no-wildcard-resource";

/** Actions that AWS does not scope to a resource; `*` is the only resource they accept. */
const UNSCOPED_ACTIONS = new Set(["cloudwatch:PutMetricData", "xray:PutTraceSegments", "xray:PutTelemetryRecords"]);

export const iamNoWildcardResource: Rule = {
  name,
  why: "a wildcard resource reaches every other service's data where the ARN was known",
  check(model) {
    return model.functions.flatMap((f) =>
      f.statements
        .filter((s) => s.resources.includes("*") && s.actions.some((a) => !UNSCOPED_ACTIONS.has(a)))
        .map((s) => finding(name, f.source, `role ${f.roleName} statement ${s.sid} grants ${s.actions.join(", ")} on "*"`)),
    );
  },
};
