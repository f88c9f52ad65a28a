export { consoleAdapter, type ConsoleAdapterOptions } from './console-adapter.js'
