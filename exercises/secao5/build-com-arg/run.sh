#!/bin/sh
# s5-e03: instruções de preparação (LABEL, ARG, ENV)
cd "$(dirname "$0")"

# Build com o valor padrão do ARG: imprime "files"
docker image build -t ex-build-arg .
docker container run --rm ex-build-arg bash -c 'echo $S3_BUCKET'

# Build trocando o valor do ARG: imprime "myapp"
docker image build --build-arg S3_BUCKET=myapp -t ex-build-arg .
docker container run --rm ex-build-arg bash -c 'echo $S3_BUCKET'

# Lê o label maintainer da imagem
docker image inspect --format='{{index .Config.Labels "maintainer"}}' ex-build-arg
