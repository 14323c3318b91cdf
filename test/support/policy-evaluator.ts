/**
 * Just enough of IAM's evaluation of a resource policy to test tenant isolation: a principal
 * (role ARN and optional `tenant` principal tag) sends one request over TLS. Within its account,
 * a request is allowed unless a Deny matches (the identity policy is assumed to allow it); from
 * another account an Allow must match as well. Unknown condition operators fail the test.
 */
export interface Caller {
  readonly arn: string;
  readonly tenant?: string;
  readonly otherAccount?: boolean;
}

type Statement = { Effect: string; Action: string | readonly string[]; Condition?: Record<string, Record<string, string | readonly string[]>> };

export function admits(statements: readonly object[], action: string, caller: Caller): boolean {
  const matching = (statements as Statement[]).filter((s) => actionMatches(s.Action, action) && conditionsHold(s.Condition ?? {}, caller));
  if (matching.some((s) => s.Effect === "Deny")) return false;
  return caller.otherAccount ? matching.some((s) => s.Effect === "Allow") : true;
}

function actionMatches(actions: string | readonly string[], action: string): boolean {
  return [actions].flat().some((a) => a === action || (a.endsWith(":*") && action.startsWith(a.slice(0, -1))));
}

function conditionsHold(conditions: Record<string, Record<string, string | readonly string[]>>, caller: Caller): boolean {
  return Object.entries(conditions).every(([operator, byKey]) =>
    Object.entries(byKey).every(([key, values]) => holds(operator, valueOf(key, caller), [values].flat())),
  );
}

function valueOf(key: string, caller: Caller): string | undefined {
  if (key === "aws:PrincipalArn") return caller.arn;
  if (key === "aws:PrincipalTag/tenant") return caller.tenant;
  if (key === "aws:SecureTransport") return "true";
  return undefined;
}

function holds(operator: string, value: string | undefined, values: readonly string[]): boolean {
  const like = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(value ?? "");
  switch (operator) {
    case "Bool":
    case "StringEquals":
    case "ArnEquals":
      return value !== undefined && values.includes(value);
    case "StringNotEquals":
      return value === undefined || !values.includes(value);
    case "ArnLike":
      return value !== undefined && values.some(like);
    case "ArnNotLike":
      return value === undefined || !values.some(like);
    default:
      throw new Error(`the test evaluator does not know condition operator ${operator}`);
  }
}
