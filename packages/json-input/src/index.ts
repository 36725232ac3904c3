export { checkJsonHeaderValues } from './check-json-headers';
export { type ExcessDepth, findExcessDepth } from './find-excess-depth';
export { findUnstorableText, type UnstorableText, unstorableTextProblem } from './find-unstorable-text';
export { parseInput } from './parse-input';
export { type JsonTextOptions, MAX_JSON_DEPTH, parseJsonText } from './parse-json-text';
export { mayEscapeLetters, replaceTopLevelString } from './replace-top-level-string';
