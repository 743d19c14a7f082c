export * from './internal';
export * from './live';
export * from './collisions';
export * from './plan';
