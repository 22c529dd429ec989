docker container run -p 82:80 ex-build-copy
