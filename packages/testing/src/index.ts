export * from './hostile-server';
export * from './newsroom';
export * from './servers';
export * from './hostile-clients';
export { createRandom, type Random, seedFrom } from './newsroom/random';
export { withParticle } from './newsroom/story';
export { writeStoryPairs } from './newsroom/story-pairs';
