#!/bin/sh
. "$(dirname "$0")/lib.sh"
P="$EX/secao8/e01-structure/backend/package.json"
check package_json_valid 'jq . "$P"'
check dependencies 'jq -e ".dependencies | has(\"express\") and has(\"mongoose\") and has(\"node-restful\") and has(\"body-parser\") and has(\"cors\")" "$P"'
