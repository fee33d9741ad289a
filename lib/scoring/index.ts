export * from './types';
export * from './aggregate';
export * from './score';
export * from './rollup';
export * from './goal-pace';
export * from './spread';
export * from './quality';
export * from './vital-few';
