#!/bin/sh
# Runs the service named by $SERVICE. exec, so the service is the process that
# receives SIGTERM from `docker stop` and can drain its jobs.
set -eu

case "${SERVICE:-}" in
  poller | parser | indexer | matcher | api) ;;
  *)
    echo "tidings: SERVICE must be one of poller, parser, indexer, matcher, api (got '${SERVICE:-}')" >&2
    exit 64
    ;;
esac

exec node "/app/services/${SERVICE}/dist/main.js" "$@"
