#!/bin/sh
docker container run debian bash version
