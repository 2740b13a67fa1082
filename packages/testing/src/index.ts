export * from './newsroom';
export * from './servers';
