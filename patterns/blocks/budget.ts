import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget/index.js";
import type { Construct } from "constructs";
import type { BudgetModel } from "../model/types.js";

/** Translates a BudgetModel: a monthly cost budget on the stack's tags, alerting at 80% and 100%, actual and forecast. */
export function budget(scope: Construct, model: BudgetModel): BudgetsBudget {
  const alert = (threshold: number, type: "ACTUAL" | "FORECASTED") => ({
    comparisonOperator: "GREATER_THAN",
    threshold,
    thresholdType: "PERCENTAGE",
    notificationType: type,
    subscriberEmailAddresses: [...model.notify],
  });
  return new BudgetsBudget(scope, "budget", {
    name: model.name,
    budgetType: "COST",
    limitAmount: model.monthlyUsd.toFixed(2),
    limitUnit: "USD",
    timeUnit: "MONTHLY",
    costFilter: [{ name: "TagKeyValue", values: Object.entries(model.tags).map(([key, value]) => `user:${key}$${value}`) }],
    notification: [alert(80, "ACTUAL"), alert(100, "ACTUAL"), alert(80, "FORECASTED"), alert(100, "FORECASTED")],
  });
}
