#!/bin/sh
# s4-e03: cada "run" cria um container novo.
# No curso isso é feito numa sessão interativa (-it debian bash); aqui, sem terminal,
# o comando vai direto no run.

# 1º container: cria o arquivo
docker container run debian touch /curso-docker.txt

# 2º container, novo: o arquivo não existe nele (ls termina com erro, código 2)
docker container run debian ls /curso-docker.txt
