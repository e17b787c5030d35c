// Pure portfolio calculators: no Nest, no database. Shared by the API and the worker.
export * from './errors';
export * from './holdings';
export * from './irr';
export * from './ledger';
export * from './money';
export * from './performance';
export * from './ranges';
export * from './types';
