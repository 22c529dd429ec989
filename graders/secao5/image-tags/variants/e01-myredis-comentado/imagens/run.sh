# baixar a imagem
docker image pull redis:latest   # sem tag seria a mesma coisa

# ver os detalhes
docker image inspect redis:latest

# segundo nome para a mesma imagem
docker image tag redis:latest myredis
docker image ls   # as duas linhas com o mesmo IMAGE ID

# apagar os dois nomes
docker image rm redis:latest myredis
