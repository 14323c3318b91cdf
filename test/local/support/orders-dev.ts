import { afterAll, beforeAll } from "vitest";
import { startLocalService, type LocalService } from "../../../local/index.js";
import { Recorder } from "./recorder.js";

/**
 * The example service, services/orders, as synthesized for dev, run locally for the test file:
 * started before its tests with a recorder of its events, stopped after them. `service` forwards to
 * the running service.
 */
export function ordersDev(): { recorder: Recorder; service: Pick<LocalService, "send" | "waitForIdle" | "report"> } {
  const recorder = new Recorder();
  let started: LocalService | undefined;
  beforeAll(async () => {
    started = await startLocalService("services/orders/service.yaml", { env: "dev", onEvent: recorder.onEvent });
  });
  afterAll(async () => {
    await started?.stop();
  });
  const running = (): LocalService => {
    if (!started) throw new Error("the orders service has not started");
    return started;
  };
  return {
    recorder,
    service: {
      send: (...args) => running().send(...args),
      waitForIdle: (...args) => running().waitForIdle(...args),
      report: () => running().report(),
    },
  };
}
