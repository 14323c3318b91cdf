import { finding, type Rule } from "../rule.js";

const name = "alarm-topic-region";

/** CloudWatch alarms notify only topics in their own region: the apply succeeds, the alarms stay mute. */
export const alarmTopicRegion: Rule = {
  name,
  why: "an alarm topic in another region than the stack accepts the alarms' configuration but never gets a notification",
  check(model) {
    return model.alarmActions.flatMap((arn) => {
      const region = arn.split(":")[3];
      if (region === model.region) return [];
      return [
        finding(
          name,
          ["environments", model.environment, "alarmTopicArn"],
          `is in ${region}, but the ${model.environment} stack is in ${model.region}: CloudWatch alarms can only notify a topic in their own region; ` +
            `use a topic in ${model.region}, or let bulkhead create one with alarms: { email: [...] }`,
        ),
      ];
    });
  },
};
