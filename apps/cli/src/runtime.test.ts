import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Which Node Tidings runs on is written in five places: engines, the Docker
// image, the Node CI fetches for its second run, the build target and the
// type definitions. Drift between them is how the image came to ship a Node
// no test ran on; this keeps them one decision.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const rootManifest = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
/** The majors of engines.node, a list of caret ranges: "^20.19.0 || ^24.0.0" → [20, 24]. */
const majors = rootManifest.engines.node
  .split('||')
  .map((range) => Number(/^\^(\d+)\./.exec(range.trim())?.[1]));
const oldest = Math.min(...majors);
const newest = Math.max(...majors);
const majorOf = (version: string | undefined) => Number(/(\d+)/.exec(version ?? '')?.[1]);

describe('the supported Node versions', () => {
  it('are caret ranges in engines.node', () => {
    expect(majors.length).toBeGreaterThan(0);
    for (const major of majors) expect(Number.isInteger(major), rootManifest.engines.node).toBe(true);
  });

  it('end with the Docker image’s Node, the one CI runs the suite on a second time', () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)[-.]/m.exec(read('infra/Dockerfile'))?.[1];
    expect(majorOf(image), 'infra/Dockerfile NODE_IMAGE').toBe(newest);
    const ci = /^IMAGE_NODE_VERSION=(\S+)$/m.exec(read('.ci/run'))?.[1];
    expect(majorOf(ci), '.ci/run IMAGE_NODE_VERSION').toBe(newest);
  });

  it('start with the one code is built and type-checked for', () => {
    expect(majorOf(rootManifest.devDependencies['@types/node']), '@types/node').toBe(oldest);
    const manifests = ['apps', 'packages', 'services'].flatMap((layer) =>
      readdirSync(`${root}${layer}`).map((folder) => `${layer}/${folder}/package.json`),
    );
    for (const manifest of manifests) {
      const build = (JSON.parse(read(manifest)) as { scripts?: { build?: string } }).scripts?.build ?? '';
      for (const [, target] of build.matchAll(/--target\s+(\S+)/g))
        expect(target, manifest).toBe(`node${oldest}`);
    }
  });
});
