# Multi-stage build: restore layer from the project files only, then publish the server and the capture sink.
# global.json is left out on purpose: it pins the SDK band of the development machines, the image has its own.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/SendGateway.Smtp/SendGateway.Smtp.csproj src/SendGateway.Smtp/
COPY src/SendGateway.Server/SendGateway.Server.csproj src/SendGateway.Server/
COPY src/SendGateway.Sink/SendGateway.Sink.csproj src/SendGateway.Sink/
RUN dotnet restore src/SendGateway.Server/SendGateway.Server.csproj \
 && dotnet restore src/SendGateway.Sink/SendGateway.Sink.csproj
COPY src/ src/
RUN dotnet publish src/SendGateway.Server/SendGateway.Server.csproj -c Release -o /app --no-restore \
 && dotnet publish src/SendGateway.Sink/SendGateway.Sink.csproj -c Release -o /app/sink --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    SendGateway__Relay__ListenAddress=0.0.0.0 \
    SendGateway__Bounces__ListenAddress=0.0.0.0 \
    DOTNET_TC_CallCountingDelayMs=0
# HTTP API, SMTP relay (STARTTLS, implicit TLS, alternate), inbound bounces and complaints.
EXPOSE 8080 587 465 2525 2526
USER $APP_UID
ENTRYPOINT ["dotnet", "SendGateway.Server.dll"]
