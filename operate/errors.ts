/** A mistake in how `diagram` or `cost` was asked (an unknown environment, pattern or rate): the CLI prints it with the usage, exit code 1. */
export class OperateInputError extends Error {}
