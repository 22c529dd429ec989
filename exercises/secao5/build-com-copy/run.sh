#!/bin/sh
# s5-e04: instruções de povoamento (RUN + COPY). Depois de rodar, abra http://localhost:8080
cd "$(dirname "$0")"
docker image build -t ex-build-copy .
docker container run -d -p 8080:80 ex-build-copy
