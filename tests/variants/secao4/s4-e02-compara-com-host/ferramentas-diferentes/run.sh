#!/bin/bash
# versão do bash do host
bash --version
# versão do bash da imagem debian
docker container run debian:latest bash --version
