// Pure portfolio calculators: no Nest, no database. Shared by the API and the worker.
export * from './assets';
export * from './errors';
export * from './holdings';
export * from './irr';
export * from './ledger';
export * from './money';
export * from './performance';
export * from './ranges';
export * from './rebalance';
export * from './types';
