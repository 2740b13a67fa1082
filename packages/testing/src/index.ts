export * from './hostile-server';
export * from './newsroom';
export * from './servers';
export * from './hostile-clients';
export { createRandom, type Random, seedFrom } from './newsroom-random';
export { englishDateline, isoWithOffset, koreanDateline, rfc822 } from './newsroom-markup';
export { withParticle } from './newsroom-prose';
