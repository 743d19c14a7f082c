export * from './fields';
export * from './extension';
export * from './nat';
export * from './host';
export * from './format';
export * from './trunk';
