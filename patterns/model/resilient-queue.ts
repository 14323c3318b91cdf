import { DEFAULTS } from "./defaults.js";
import { AWS_LIMITS } from "./limits.js";
import { resourceName } from "./naming.js";
import type { Producer, QueueModel, QueueSetting, SettingPaths, SpecPath, Tags } from "./types.js";
import type { QueueSettingsSpec } from "../spec/common.js";

export interface ResilientQueueOptions {
  readonly id: string;
  readonly pattern: string;
  readonly nameParts: readonly string[];
  readonly fifo: boolean;
  readonly visibilityTimeoutSeconds: number;
  readonly producers: readonly Producer[];
  /** Producers the DLQ admits besides redrive, e.g. the topic of an SNS subscription. */
  readonly deadLetterProducers: readonly Producer[];
  readonly settings: QueueSettingsSpec;
  readonly tags: Tags;
  readonly source: SpecPath;
  readonly settingPaths: SettingPaths<QueueSetting>;
}

/** A queue and its dead-letter queue of the same type, with bounded receives and alarms. */
export function resolveResilientQueue(o: ResilientQueueOptions): QueueModel {
  const suffix = o.fifo ? ".fifo" : "";
  return {
    id: o.id,
    name: resourceName(o.nameParts, AWS_LIMITS.sqsNameLength, suffix),
    pattern: o.pattern,
    fifo: o.fifo,
    visibilityTimeoutSeconds: o.visibilityTimeoutSeconds,
    messageRetentionSeconds: o.settings.messageRetentionSeconds ?? DEFAULTS.queue.messageRetentionSeconds,
    receiveWaitTimeSeconds: DEFAULTS.queue.receiveWaitTimeSeconds,
    maxMessageSizeBytes: AWS_LIMITS.sqsMaxPayloadBytes,
    maxReceiveCount: o.settings.maxReceiveCount ?? DEFAULTS.queue.maxReceiveCount,
    deadLetterQueue: {
      name: resourceName([...o.nameParts, "dlq"], AWS_LIMITS.sqsNameLength, suffix),
      messageRetentionSeconds: DEFAULTS.queue.deadLetterRetentionSeconds,
      producers: o.deadLetterProducers,
    },
    producers: o.producers,
    alarms: {
      deadLetterDepth: DEFAULTS.alarms.deadLetterDepth,
      oldestMessageAgeSeconds: o.settings.oldestMessageAlarmSeconds ?? DEFAULTS.queue.oldestMessageAlarmSeconds,
    },
    tags: o.tags,
    source: o.source,
    settingPaths: o.settingPaths,
  };
}
