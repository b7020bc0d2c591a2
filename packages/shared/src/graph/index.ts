export * from './types.ts';
export * from './inventory.ts';
export * from './nodes.ts';
export * from './rules.ts';
export * from './build.ts';
