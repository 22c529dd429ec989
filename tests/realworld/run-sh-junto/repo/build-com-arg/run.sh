docker image build --build-arg S3_BUCKET=myapp -t ex-build-arg .
