#!/bin/sh
. "$(dirname "$0")/lib.sh"
I=$N-build-arg
trap 'docker rmi $I $I-myapp >/dev/null 2>&1' EXIT
cd "$EX/secao5/build-com-arg"
check builds 'docker build -t $I .'
docker build -q -t $I . >/dev/null
check default_bucket '[ "$(docker run --rm $L $I bash -c "echo \$S3_BUCKET")" = files ]'
docker build -q -t $I . >/dev/null
check env_in_config 'docker image inspect -f "{{.Config.Env}}" $I | grep -q "S3_BUCKET=files"'
docker build -q --build-arg S3_BUCKET=myapp -t $I-myapp . >/dev/null
check build_arg_overrides '[ "$(docker run --rm $L $I-myapp bash -c "echo \$S3_BUCKET")" = myapp ]'
docker build -q -t $I . >/dev/null
check maintainer_label '[ -n "$(docker image inspect -f "{{index .Config.Labels \"maintainer\"}}" $I)" ]'
