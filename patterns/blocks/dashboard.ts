import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard/index.js";
import type { Construct } from "constructs";
import type { DashboardModel } from "../model/types.js";
import { terraformLiteral } from "./literal.js";

/** Translates a DashboardModel: its body is the model's, as JSON. */
export function dashboard(scope: Construct, model: DashboardModel): CloudwatchDashboard {
  return new CloudwatchDashboard(scope, `dashboard-${model.name}`, { dashboardName: model.name, dashboardBody: terraformLiteral(JSON.stringify(model.body)) });
}
