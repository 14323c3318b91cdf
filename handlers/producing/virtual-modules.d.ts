// Modules the bundler (esbuild) provides to Lambda code; they exist only in a bundle.

/**
 * The routing tables of the patterns a function `sendsTo`, by pattern name (an empty object for a
 * function that sends to none). Typed loosely on purpose: bundledRoutingTable checks each one.
 */
declare module "bulkhead:routing-tables" {
  const tables: Readonly<Record<string, unknown>>;
  export default tables;
}
