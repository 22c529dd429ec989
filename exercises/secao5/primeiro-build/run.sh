#!/bin/sh
# s5-e02: primeiro build. Depois de rodar, abra http://localhost:8080
cd "$(dirname "$0")"
docker image build -t ex-simple-build .
docker image ls
docker container run -d -p 8080:80 ex-simple-build
