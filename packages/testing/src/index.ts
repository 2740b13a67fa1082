export * from './hostile-server';
export * from './newsroom';
export * from './servers';
export * from './hostile-clients';
