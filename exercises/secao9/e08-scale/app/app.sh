#!/bin/bash
# Instala as dependências e sobe o app. Versões escolhidas por funcionarem tanto no Python 3.6
# (imagem do curso) quanto em Pythons atuais: bottle 0.12.25, psycopg2-binary 2.9.5
# (a última com wheels para cp36 e para cp311) e redis 4.3.6 (a última que aceita o 3.6).
set -e
pip install bottle==0.12.25 psycopg2-binary==2.9.5 redis==4.3.6
# exec: o python vira o PID 1 e recebe o SIGTERM do `docker compose stop/down`
exec python -u sender.py
