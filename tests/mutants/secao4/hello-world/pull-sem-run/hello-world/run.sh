#!/bin/sh
docker pull hello-world
