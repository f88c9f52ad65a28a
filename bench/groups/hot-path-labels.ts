/**
 * Label values for the hot-path case where every call changes both values,
 * over 16 series that exist before timing starts: what a server handling
 * many routes does, as against the same labels on every call.
 */
export const METHODS = ['GET', 'POST'] as const
export const ROUTES = ['/users/:id', '/orders', '/orders/:id', '/cart', '/login', '/search', '/health', '/items/:sku'] as const
export const ROTATION = 16

/** The i-th label set of the rotation. */
export const rotating = (i: number): { method: string; route: string } => ({ method: METHODS[i & 1] as string, route: ROUTES[(i >> 1) & 7] as string })
