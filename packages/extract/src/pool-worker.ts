// The module a pool thread loads: Piscina calls its default export with each task.
export { extractPage as default } from './extract-page';
