#!/bin/sh
# enviar a imagem do exercício build-com-copy com outro nome
docker image tag ex-build-copy localhost:5000/img-exemplo:1.0
docker image push localhost:5000/img-exemplo:1.0
