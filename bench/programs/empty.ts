// Reference: the floor every measured program pays, a fresh Node with tsx's loader and nothing to do.
export {};
