export { type ExcessDepth, findExcessDepth } from './find-excess-depth';
export { findUnstorableText, type UnstorableText, unstorableTextProblem } from './find-unstorable-text';
export { type JsonTextOptions, MAX_JSON_DEPTH, parseJsonText } from './parse-json-text';
