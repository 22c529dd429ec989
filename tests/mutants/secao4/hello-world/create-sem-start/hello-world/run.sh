#!/bin/sh
docker container create hello-world
