import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The repository's layout is a promise to newcomers (docs/architecture.md opens
// with its map) and to the build (layers never reach up). Both are checked here,
// from the files themselves, so neither can drift unnoticed.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const LAYERS = ['services', 'apps', 'packages'] as const;
type Layer = (typeof LAYERS)[number];

const folders = (layer: Layer) =>
  readdirSync(`${root}${layer}`, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const manifests = LAYERS.flatMap((layer) =>
  folders(layer).map((folder) => ({
    layer,
    folder,
    manifest: JSON.parse(readFileSync(`${root}${layer}/${folder}/package.json`, 'utf8')) as Manifest,
  })),
);
const layerOf = new Map(manifests.map((m) => [m.manifest.name, m.layer]));

describe('the repository layout', () => {
  it('is the map that opens docs/architecture.md', () => {
    const doc = readFileSync(`${root}docs/architecture.md`, 'utf8');
    const map = doc.slice(doc.indexOf('```', doc.indexOf('## The map')) + 3);
    const block = map.slice(0, map.indexOf('```'));
    const mapped: Record<Layer, string[]> = { services: [], apps: [], packages: [] };
    let layer: Layer | undefined;
    for (const line of block.split('\n')) {
      const top = /^(\w+)\/\s/.exec(line)?.[1];
      if (top) layer = (LAYERS as readonly string[]).includes(top) ? (top as Layer) : undefined;
      const child = /^ {2}([\w-]+)\/\s/.exec(line)?.[1];
      if (layer && child) mapped[layer].push(child);
    }
    for (const each of LAYERS) expect(mapped[each].sort(), each).toEqual(folders(each));
  });

  it('never reaches up: packages use packages only, services no other service, apps no other app', () => {
    const allowed: Record<Layer, Layer[]> = {
      packages: ['packages'],
      services: ['packages'],
      apps: ['packages'],
    };
    const wrong = manifests.flatMap(({ layer, manifest }) =>
      Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
        .filter((dep) => layerOf.has(dep) && !allowed[layer].includes(layerOf.get(dep)!))
        .map((dep) => `${manifest.name} (${layer}) depends on ${dep} (${layerOf.get(dep)})`),
    );
    expect(wrong).toEqual([]);
  });
});
