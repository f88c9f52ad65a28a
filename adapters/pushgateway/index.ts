export { pushgateway } from './pushgateway.js'
export type { PushgatewayOptions } from './options.js'
