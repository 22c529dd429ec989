#!/bin/sh
docker container run debian --name mydeb
docker container run debian --name mydeb
