# Multi-stage build: the API reference rendered with node, the guide built with DocFX, then a restore layer from the
# project files only, then the server (the built guide goes with it: served at /docs) and the capture sink published.
# global.json is left out on purpose: it pins the SDK band of the development machines, the image has its own.

# The HTTP API reference: Redocly's CLI (pinned in docs/package-lock.json) lints the OpenAPI document and renders it
# into one self-contained page, as scripts/docs.sh does. Node stays in this stage.
FROM node:22-bookworm-slim AS api-reference
WORKDIR /src
COPY docs/package.json docs/package-lock.json docs/redocly.yaml docs/
RUN npm ci --prefix docs --no-audit --no-fund --loglevel=error
COPY api-spec/ api-spec/
ENV REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
RUN docs/node_modules/.bin/redocly lint --config docs/redocly.yaml api-spec/sendgateway-v1.json \
 && docs/node_modules/.bin/redocly build-docs api-spec/sendgateway-v1.json --inlineBundle --title "SendGateway HTTP API" -o docs/_api/index.html

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The guide: DocFX (pinned in .config/dotnet-tools.json) with warnings as errors, into docs/_site, which the server's
# project file then publishes beside the program.
COPY .config/dotnet-tools.json .config/
RUN dotnet tool restore
COPY docs/ docs/
COPY --from=api-reference /src/docs/_api/ docs/_api/
RUN dotnet docfx build docs/docfx.json --warningsAsErrors \
 && test -f docs/_site/index.html && test -f docs/_site/api/index.html
COPY Directory.Build.props Directory.Packages.props ./
COPY src/SendGateway.Smtp/SendGateway.Smtp.csproj src/SendGateway.Smtp/
COPY src/SendGateway.Server/SendGateway.Server.csproj src/SendGateway.Server/
COPY src/SendGateway.Sink/SendGateway.Sink.csproj src/SendGateway.Sink/
RUN dotnet restore src/SendGateway.Server/SendGateway.Server.csproj \
 && dotnet restore src/SendGateway.Sink/SendGateway.Sink.csproj
COPY src/ src/
RUN dotnet publish src/SendGateway.Server/SendGateway.Server.csproj -c Release -o /app --no-restore \
 && dotnet publish src/SendGateway.Sink/SendGateway.Sink.csproj -c Release -o /app/sink --no-restore \
 && test -f /app/docs/index.html

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# ASPNETCORE_HTTP_PORTS (8080 in the base image) is cleared: with ASPNETCORE_URLS also set, the host would warn at
# every start that it overrides it.
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    ASPNETCORE_HTTP_PORTS= \
    SendGateway__Relay__ListenAddress=0.0.0.0 \
    SendGateway__Bounces__ListenAddress=0.0.0.0 \
    DOTNET_TC_CallCountingDelayMs=0
# HTTP API (and the guide at /docs), SMTP relay (STARTTLS, implicit TLS, alternate), inbound bounces and complaints.
EXPOSE 8080 587 465 2525 2526
USER $APP_UID
ENTRYPOINT ["dotnet", "SendGateway.Server.dll"]
