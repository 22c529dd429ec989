#!/bin/sh
# Same dispatch as the official entrypoint: a config path means "serve it", a registry
# subcommand runs the registry, anything else (sh, ls ...) runs as given.
set -e
case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac
exec "$@"
