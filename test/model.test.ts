import { describe, expect, it } from "vitest";
import { guardrails } from "../patterns/guardrails/index.js";
import { resolveService } from "../patterns/model/resolve-service.js";
import { uniqueSid } from "../patterns/model/wire-senders.js";
import { idempotencyKeyError } from "../patterns/spec/common.js";
import { parseSpec } from "../patterns/spec/load.js";

const modelOf = (yaml: string, environment = "dev") => resolveService(parseSpec("service.yaml", yaml).spec, environment, { specDir: "services/shop" });

describe("resolved model", () => {
  it("alarm actions come from the environment's alarmTopicArn, and are empty without one", () => {
    const arn = "arn:aws:sns:eu-west-1:123456789012:platform-alarms";
    const m = (env: string) =>
      modelOf(
        `version: 1\nservice: shop\nregion: us-east-1\nenvironments:\n  dev: {}\n  prod: { alarmTopicArn: "${arn}" }\npatterns:\n  events:\n    type: fanout\n    subscribers:\n      a: { handler: h.ts }\n`,
        env,
      );
    expect(m("prod").alarmActions).toEqual([arn]);
    expect(m("dev").alarmActions).toEqual([]);
  });

  it("patterns whose names share a PascalCase form get distinct send Sids", () => {
    const m = modelOf(`version: 1
service: shop
region: us-east-1
environments:
  dev: {}
patterns:
  x1:
    type: fanout
    subscribers: { a: { handler: h.ts } }
  x-1:
    type: fanout
    subscribers: { a: { handler: h.ts } }
  x12:
    type: fanout
    subscribers: { a: { handler: h.ts } }
  src:
    type: fanout
    subscribers: { a: { handler: h.ts, sendsTo: [x1, x-1, x12] } }
`);
    const sender = m.functions.find((f) => f.id === "src-a")!;
    expect(sender.statements.map((s) => s.sid)).toEqual(["ConsumeQueue", "IdempotencyRecords", "WriteLogs", "WriteTraces", "SendToX1", "SendToX12", "SendToX122"]);
    expect(guardrails.find((r) => r.name === "iam-unique-sids")!.check(m)).toEqual([]);
  });

  it("uniqueSid appends the first free number", () => {
    expect(uniqueSid("SendToA", new Set())).toBe("SendToA");
    expect(uniqueSid("SendToA", new Set(["SendToA", "SendToA2"]))).toBe("SendToA3");
  });
});

describe("idempotency keys", () => {
  it("are checked as the runtime evaluates them; type errors depend on the message and pass", () => {
    expect(idempotencyKeyError("[merchantId, externalOrderId]")).toBeUndefined();
    expect(idempotencyKeyError("powertools_json(body).id")).toBeUndefined(); // Powertools' own functions are available
    expect(idempotencyKeyError("length(orderId)")).toBeUndefined(); // null here, a string in real messages
    expect(idempotencyKeyError("orderId |")).toMatch(/^Invalid jmespath expression: .* in expression: payload \| orderId \|$/);
  });
});
