#!/bin/bash
# Instala as dependências e sobe o app. Versão escolhida por funcionar tanto no Python 3.6
# (imagem do curso) quanto em Pythons atuais (0.12.20+ corrige o uso de inspect.getargspec).
set -e
pip --version
# exec: o python vira o PID 1 e recebe o SIGTERM do `docker compose stop/down`
exec python -u sender.py
