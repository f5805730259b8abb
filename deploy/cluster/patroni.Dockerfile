# PostgreSQL 15 managed by Patroni (Debian's package), for deploy/cluster/docker-compose.yml: each pg service runs one
# of these with its own PATRONI_NAME and addresses; etcd holds the leader key.
FROM postgres:15-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends patroni \
 && rm -rf /var/lib/apt/lists/*
COPY patroni.yml /etc/patroni.yml
RUN mkdir -p /var/lib/postgresql/patroni && chown postgres /var/lib/postgresql/patroni
USER postgres
ENTRYPOINT ["patroni", "/etc/patroni.yml"]
