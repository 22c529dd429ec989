docker image build -t ex-simple-build .
docker container run -p 8008:80 ex-simple-build
