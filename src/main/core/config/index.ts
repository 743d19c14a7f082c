export * from './parse';
export * from './serialize';
export * from './resolve';
export * from './managed';
export * from './errors';
export * from './validate';
export * from './config-memo';
