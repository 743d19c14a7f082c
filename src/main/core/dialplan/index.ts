export * from './internal';
