docker container run -it -v $(pwd):/app -p 80:8000 --name python-server ex-build-dev
