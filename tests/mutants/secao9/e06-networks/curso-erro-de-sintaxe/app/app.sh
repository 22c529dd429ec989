#!/bin/bash
# Dependências fixadas como no python:3.6 da época do curso
pip install bottle==0.12.13 psycopg2==2.7.1
python -u sender.py
