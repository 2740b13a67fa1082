export * from './alert';
export * from './article';
export * from './feed';
export * from './ids';
export * from './jobs';
export * from './truncate';
export * from './value-list';
