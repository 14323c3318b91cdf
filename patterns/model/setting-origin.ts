import type { SpecPath } from "./types.js";

/**
 * Where an effective setting comes from: the first place, in order of precedence, that sets
 * it (e.g. the consumer's own key, then `defaults.function.<key>`), else `element`, the spec
 * entry that gets bulkhead's built-in default.
 */
export function settingOrigin(places: readonly (readonly [value: unknown, path: SpecPath])[], element: SpecPath): SpecPath {
  return places.find(([value]) => value !== undefined)?.[1] ?? element;
}

/**
 * Where a consumer setting of a group (`function`, `queue`) is written: the consumer's own
 * `<group>.<key>`, then `defaults.<group>.<key>`, else the consumer (bulkhead's default).
 */
export function inheritedOrigin<S extends object>(group: "function" | "queue", own: S, service: S, source: SpecPath) {
  return (key: keyof S & string): SpecPath =>
    settingOrigin([[own[key], [...source, group, key]], [service[key], ["defaults", group, key]]], source);
}
