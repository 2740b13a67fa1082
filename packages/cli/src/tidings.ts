#!/usr/bin/env node
import { Command } from 'commander';
import { start } from './start';

const program = new Command('tidings').description('Tidings: news feeds in, clean searchable articles out.');

program
  .command('start')
  .description('run the whole pipeline on this machine (Redis, Meilisearch, poller, parser, indexer, api)')
  .action(start);

await program.parseAsync();
