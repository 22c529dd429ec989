#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-hello >/dev/null 2>&1' EXIT
check runs_hello 'docker run --name $N-hello $L hello-world | grep -q "Hello from Docker!"'
