#!/bin/sh
docker container run hello-world | grep "Hello from Docker"
