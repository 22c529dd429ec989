#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-mydeb >/dev/null 2>&1' EXIT
check first_named 'docker run --name $N-mydeb $L debian bash --version'
check conflict 'docker run --name $N-mydeb $L debian bash --version 2>&1 | grep -q "is already in use"'
