# redline as a container: a static Go binary (no cgo: SQLite and PostgreSQL
# drivers are pure Go) on a distroless base, running as a non-root user.
#
#   docker build -t redline --build-arg VERSION=$(git describe --always) .
#   docker run -e DISCORD_TOKEN -e REDLINE_DATABASE_URL -p 9464:9464 redline
#
# With SQLite (no database.url) the history lives in /data: mount a volume
# there. Several containers share one PostgreSQL through
# REDLINE_DATABASE_URL, each with its own REDLINE_DISCORD_SHARDS (see the
# README's "Running at scale").

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
COPY third_party ./third_party
RUN go mod download
COPY . .
ARG VERSION=""
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/redline . \
 && mkdir -p /out/data

# static-debian12 carries CA certificates (HTTPS feeds and Discord) and
# nothing else; time zones are embedded in the binary (time/tzdata).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/redline /usr/local/bin/redline
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
WORKDIR /data
ENV REDLINE_DATABASE_PATH=/data/redline.db \
    REDLINE_METRICS_LISTEN=:9464 \
    REDLINE_LOG_FORMAT=json
EXPOSE 9464
VOLUME ["/data"]
ENTRYPOINT ["/usr/local/bin/redline"]
CMD ["run"]
