// The local runtime's public surface: one environment of a service, run on this machine from the
// same resolved model and bundles synth uses (see README.md in this folder).
export { startLocalService } from "./service.js";
export { LocalUsageError } from "./errors.js";
export type {
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
  StartLocalServiceOptions,
  WarningEvent,
} from "./types.js";
