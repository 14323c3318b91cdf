/** The two sides of a case would not do the same work (the baseline does not model the spec, or emits other resources): timing them would mean nothing. */
export class NotComparable extends Error {}
