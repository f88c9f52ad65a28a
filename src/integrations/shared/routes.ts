/**
 * The route label of a request whose host or router matched no template.
 * One fixed word keeps unknown paths from becoming one series each.
 */
export const UNMATCHED_ROUTE = 'unmatched'
