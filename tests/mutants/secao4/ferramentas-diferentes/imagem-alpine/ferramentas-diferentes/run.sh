#!/bin/sh
docker container run alpine bash --version
