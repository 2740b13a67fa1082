// `pnpm openapi` (its second half, after the API wrote openapi.json): the
// client's types from the document. src/schema.test.ts fails while the
// committed types differ from these.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { schemaTypes } from './schema-types';

const document = new URL('../openapi.json', import.meta.url);
const types = new URL('./schema.d.ts', import.meta.url);
await writeFile(types, await schemaTypes(await readFile(document, 'utf8')));
process.stdout.write(`wrote ${fileURLToPath(types)}\n`);
