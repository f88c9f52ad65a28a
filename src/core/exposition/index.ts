export { encodeTextExposition, TEXT_EXPOSITION_CONTENT_TYPE, type TextExpositionOptions } from './text.js'
export { formatBucketBound, formatSampleValue, escapeLabelValue, escapeHelp } from './format.js'
