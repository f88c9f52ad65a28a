export { encodeTextExposition, TEXT_EXPOSITION_CONTENT_TYPE, type TextExpositionOptions } from './text.js'
export { encodeTextExpositionBytes } from './text-bytes.js'
export { formatBucketBound, formatSampleValue, escapeLabelValue, escapeHelp } from './format.js'
