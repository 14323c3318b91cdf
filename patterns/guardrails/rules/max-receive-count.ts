import { finding, type Rule } from "../rule.js";

const name = "max-receive-count";
export const MIN_RECEIVES = 3;
export const MAX_RECEIVES = 10;

/**
 * Too few receives sends healthy messages to the DLQ on a throttle or a blip;
 * too many lets a poison message occupy a consumer for hours.
 */
export const maxReceiveCount: Rule = {
  name,
  why: "receive counts outside 3..10 either dead-letter healthy messages or let poison messages linger",
  check(model) {
    return model.queues
      .filter((q) => q.maxReceiveCount < MIN_RECEIVES || q.maxReceiveCount > MAX_RECEIVES)
      .map((q) =>
        finding(name, q.settingPaths.maxReceiveCount, `must be between ${MIN_RECEIVES} and ${MAX_RECEIVES}, got ${q.maxReceiveCount}`),
      );
  },
};
