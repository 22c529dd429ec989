#!/bin/sh
. "$(dirname "$0")/lib.sh"
check bash_version 'docker run --rm $L debian bash --version | grep -q "^GNU bash, version"'
