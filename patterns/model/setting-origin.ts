import type { SpecPath } from "./types.js";

/**
 * Where an effective setting comes from: the first place, in order of precedence, that sets
 * it (e.g. the consumer's own key, then `defaults.function.<key>`), else `element`, the spec
 * entry that gets bulkhead's built-in default.
 */
export function settingOrigin(places: readonly (readonly [value: unknown, path: SpecPath])[], element: SpecPath): SpecPath {
  return places.find(([value]) => value !== undefined)?.[1] ?? element;
}
