export * from './dto/container.ts';
export * from './dto/engine.ts';
export * from './dto/error.ts';
export * from './protocol/messages.ts';
export * from './protocol/apply.ts';
export * from './format.ts';
export * from './protocol/terminal.ts';
