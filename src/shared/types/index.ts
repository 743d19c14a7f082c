export * from './extension';
export * from './transport';
export * from './apply';
export * from './live';
export * from './host';
export * from './trunk';
export * from './bulk';
