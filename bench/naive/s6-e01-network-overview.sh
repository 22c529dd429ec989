#!/bin/sh
. "$(dirname "$0")/lib.sh"
check lists_networks 'docker network ls > /tmp/$N-nets && grep -qw bridge /tmp/$N-nets && grep -qw host /tmp/$N-nets && grep -qw none /tmp/$N-nets'
rm -f /tmp/$N-nets
