# The image the deploy/kubernetes manifests run: seedctl from its release tarball on Debian,
# with the only two libraries it needs at run time (glibc, libstdc++ and zlib are in the base
# image). Docker does not run on the machine this was written on, so it has not been built
# there. Build it from the repository root after
# 'make dist' (which writes dist/seedctl-VERSION-linux-ARCH.tar.gz):
#   docker build --build-arg VERSION=0.1.0 --build-arg ARCH=x86_64 -t seedctl:0.1.0 .
FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 libsqlite3-0 ca-certificates \
    && rm -rf /var/lib/apt/lists/*

ARG VERSION=0.1.0
ARG ARCH=x86_64
# ADD unpacks a local tar.gz.
ADD dist/seedctl-${VERSION}-linux-${ARCH}.tar.gz /opt/
RUN mv /opt/seedctl-${VERSION}-linux-${ARCH} /opt/seedctl \
    && ln -s /opt/seedctl/bin/seedctl /usr/local/bin/seedctl \
    && seedctl --version

# Seeds/ and Migrations/ are here, where seedctl looks for them by default.
WORKDIR /opt/seedctl
CMD ["seedctl", "--help"]
