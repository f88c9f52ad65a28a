export { remoteWrite } from './remote-write.js'
export type { RemoteWriteOptions } from './options.js'
