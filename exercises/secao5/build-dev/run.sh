#!/bin/sh
# s5-e05: instruções para execução do container. Depois de rodar, abra http://localhost:8080
cd "$(dirname "$0")"
docker image build -t ex-build-dev .

# A pasta atual (run.py e index.html) é montada em /app; o log fica no volume /log
docker container run -d -v "$(pwd)":/app -p 8080:8000 --name python-server ex-build-dev

# Outro container lê o log pelo volume compartilhado
# (acesse http://localhost:8080 antes, para ver também as linhas das requisições)
docker container run --rm --volumes-from=python-server debian cat /log/http-server.log
