/// <reference path="./virtual-modules.d.ts" />
// Only producers import this module: it reads a module that exists only in a bundle (see
// virtual-modules.d.ts), so index.ts does not re-export it.
import tables from "bulkhead:routing-tables";
import { checkRoutingTable, RoutingTableError, type RoutingTable } from "./routing-table.js";

const checked = new Map<string, RoutingTable>();

/** The routing table of `pattern` that the bundler put into this function's code. */
export function bundledRoutingTable(pattern: string): RoutingTable {
  const known = checked.get(pattern);
  if (known !== undefined) return known;

  if (!Object.hasOwn(tables, pattern)) {
    const bundled = Object.keys(tables);
    throw new RoutingTableError(
      `no routing table for pattern "${pattern}" is bundled into this function ` +
        `(bundled: ${bundled.length === 0 ? "none" : bundled.map((name) => `"${name}"`).join(", ")}); ` +
        `add "${pattern}" to the function's sendsTo in the service spec`,
    );
  }
  const origin = `bulkhead:routing-tables, pattern "${pattern}"`;
  const table = checkRoutingTable(tables[pattern], origin);
  if (table.pattern !== pattern) {
    throw new RoutingTableError(`routing table from ${origin} is the table of pattern "${table.pattern}"`);
  }
  checked.set(pattern, table);
  return table;
}
