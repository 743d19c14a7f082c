export * from './errors';
export * from './extensions';
export * from './transports';
export * from './nat';
export { generatePassword } from './password';
export { DISABLED_PREFIX } from './extension-body';
