#!/bin/sh
docker container ls
