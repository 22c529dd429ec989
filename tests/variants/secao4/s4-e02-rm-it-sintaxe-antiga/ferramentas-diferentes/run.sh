docker run --rm -it debian bash --version
