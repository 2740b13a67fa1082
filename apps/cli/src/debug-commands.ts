import { readFile } from 'node:fs/promises';
import { extractPage } from '@tidings/extract';
import { parseFeed } from '@tidings/feeds';
import type { Command } from 'commander';

/** The bytes of a file, or of standard input for "-". */
async function readInput(path: string): Promise<Uint8Array> {
  if (path !== '-') return readFile(path);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `tidings extract` and `tidings parse-feed`: the parser's and the poller's core on a file, for debugging. */
export function addDebugCommands(program: Command): void {
  program
    .command('extract <file>')
    .description(
      'extract the article from an HTML file ("-" for stdin) and print it as JSON, with its entities and story fingerprint',
    )
    .requiredOption('--url <url>', 'the page URL: resolves links, names the source')
    .option('--content-type <type>', 'Content-Type the page was served with (for its charset)')
    .action(async (file: string, options: { url: string; contentType?: string }) => {
      // The parser's own step, in this thread: the same bytes give the same article.
      const result = extractPage({
        body: await readInput(file),
        url: options.url,
        contentType: options.contentType,
      });
      if (!result.ok) {
        process.stderr.write(`tidings extract: ${result.reason}\n`);
        process.exitCode = 1;
        return;
      }
      const { charset, article, entities, signature } = result;
      process.stdout.write(`${JSON.stringify({ charset, ...article, entities, signature }, null, 2)}\n`);
    });

  program
    .command('parse-feed <file>')
    .description('parse an RSS/Atom/JSON feed file ("-" for stdin) and print its items as JSON')
    .option('--url <url>', 'the feed URL: resolves relative links')
    .option('--content-type <type>', 'Content-Type the feed was served with (for its charset)')
    .action(async (file: string, options: { url?: string; contentType?: string }) => {
      const feed = await parseFeed(await readInput(file), options);
      process.stdout.write(`${JSON.stringify(feed, null, 2)}\n`);
    });
}
