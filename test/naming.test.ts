import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AWS_LIMITS } from "../patterns/model/limits.js";
import { resourceName } from "../patterns/model/naming.js";

describe("resource names", () => {
  it("are the joined parts when they fit", () => {
    expect(resourceName(["orders", "dev", "order-events", "billing"], AWS_LIMITS.sqsNameLength)).toBe("orders-dev-order-events-billing");
    expect(resourceName(["orders", "dev", "ledger"], AWS_LIMITS.sqsNameLength, ".fifo")).toBe("orders-dev-ledger.fifo");
  });

  it("keep a readable start and a stable hash when they do not", () => {
    const parts = ["a-rather-long-service", "production", "customer-notification-events", "transactional-email-sender"];
    const name = resourceName(parts, AWS_LIMITS.lambdaNameLength);
    expect(name.length).toBeLessThanOrEqual(AWS_LIMITS.lambdaNameLength);
    expect(name).toMatch(/^a-rather-long-service-production-customer-notification-[0-9a-f]{8}$/);
    expect(resourceName(parts, AWS_LIMITS.lambdaNameLength)).toBe(name);
    const fifo = resourceName(parts, AWS_LIMITS.sqsNameLength, ".fifo");
    expect(fifo.length).toBeLessThanOrEqual(AWS_LIMITS.sqsNameLength);
    expect(fifo.endsWith(".fifo")).toBe(true);
  });

  it("never exceed the limit, and distinct long names stay distinct", () => {
    const part = fc.stringMatching(/^[a-z][a-z0-9-]{0,40}$/);
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), fc.array(part, { minLength: 1, maxLength: 6 }), fc.constantFrom(64, 80), (a, b, limit) => {
        const [x, y] = [resourceName(a, limit), resourceName(b, limit)];
        expect(x.length).toBeLessThanOrEqual(limit);
        if (a.join("-") !== b.join("-")) expect(x).not.toBe(y);
      }),
      { numRuns: 2000 },
    );
  });
});
