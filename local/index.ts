// The local runtime's public surface: one environment of a service, run on this machine from the
// same resolved model and bundles synth uses (see README.md in this folder).
export { startLocalService } from "./service.js";
export { connectToLocalService, type ConnectOptions, type LocalConnection } from "./connect.js";
export { LocalUsageError } from "./errors.js";
export { parseReplay, type ReplayEntry, type ReplayProblem } from "./replay.js";
export type { PublishedRun } from "./published.js";
export type {
  Activity,
  CodeEvent,
  FunctionReport,
  InvocationEvent,
  InvocationOutcome,
  LocalEndpoints,
  LocalEvent,
  LocalReport,
  LocalService,
  LogEvent,
  ProblemEvent,
  SendOptions,
  SendResult,
  StartLocalServiceOptions,
  WarningEvent,
} from "./types.js";
