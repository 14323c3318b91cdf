import { finding, type Rule } from "../rule.js";

const name = "iam-unique-sids";

export const iamUniqueSids: Rule = {
  name,
  why: "IAM rejects a policy whose statements share a Sid, and only at apply",
  check(model) {
    return model.functions.flatMap((f) => {
      const sids = f.statements.map((s) => s.sid);
      const repeated = [...new Set(sids.filter((sid, i) => sids.indexOf(sid) !== i))];
      return repeated.map((sid) => finding(name, f.source, `role ${f.roleName} has more than one statement with Sid ${sid}`));
    });
  },
};
