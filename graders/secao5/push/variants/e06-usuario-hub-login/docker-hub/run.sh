#!/bin/bash
sudo docker tag ex-simple-build fulano/ex-cod3r:1.0
sudo docker login --username=fulano
sudo docker push fulano/ex-cod3r:1.0
