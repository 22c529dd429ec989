#!/bin/sh
. "$(dirname "$0")/lib.sh"
check default_has_eth0 'docker run --rm $L alpine ash -c ifconfig | grep -q "^eth0"'
check none_only_lo '[ "$(docker run --rm $L --net none alpine ash -c ifconfig | grep -c "^[a-z]")" -eq 1 ]'
