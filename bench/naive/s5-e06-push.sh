#!/bin/sh
. "$(dirname "$0")/lib.sh"
R=127.0.0.1:$REG/simple-build:1.0
trap 'docker rm -f -v $N-registry >/dev/null 2>&1; docker rmi $N-simple-build $R $(docker images -q --filter reference="127.0.0.1:$REG/*" --digests) >/dev/null 2>&1' EXIT
docker run -d --name $N-registry $L -p 127.0.0.1:$REG:5000 registry:2 >/dev/null
(cd "$EX/secao5/primeiro-build" && docker build -q -t $N-simple-build . >/dev/null)
sleep $WAIT
docker tag $N-simple-build $R
check pushed 'docker push $R'
sleep $WAIT
DIGEST=$(curl -sfI -H "Accept: application/vnd.docker.distribution.manifest.v2+json" http://127.0.0.1:$REG/v2/simple-build/manifests/1.0 | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
check pull_by_digest 'docker pull 127.0.0.1:$REG/simple-build@$DIGEST && [ "$(docker image inspect -f "{{.Id}}" 127.0.0.1:$REG/simple-build@$DIGEST)" = "$(docker image inspect -f "{{.Id}}" $N-simple-build)" ]'
docker rmi 127.0.0.1:$REG/simple-build@$DIGEST >/dev/null 2>&1
