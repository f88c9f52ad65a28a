// The cold-start baseline: a module that does nothing.
export {}
