#!/bin/sh
# s4-e02: cada imagem traz as suas ferramentas: o bash (e a versão dele) vem da imagem debian,
# não do host. Compare com o "bash --version" do seu computador.
docker container run debian bash --version
