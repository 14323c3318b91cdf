import { finding, type Rule } from "../rule.js";

const name = "iam-no-wildcard-action";

export const iamNoWildcardAction: Rule = {
  name,
  why: "a wildcard action grants every future API of a service, including destructive ones",
  check(model) {
    return model.functions.flatMap((f) =>
      f.statements
        .filter((s) => s.actions.some((a) => a === "*" || a.endsWith(":*")))
        .map((s) => finding(name, f.source, `role ${f.roleName} statement ${s.sid} uses a wildcard action: ${s.actions.join(", ")}`)),
    );
  },
};
