using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.OpenApi;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SendGateway.Server.Messages;
using SendGateway.Server.Idempotency;
using SendGateway.Server.Hosting.DataProtection;

namespace SendGateway.Server.Hosting;

internal static class HostingExtensions
{
    /// <summary>Telemetry, problem details, JSON rules, health checks, OpenAPI and the secrets key: what every role needs.</summary>
    public static IHostApplicationBuilder AddSendGatewayDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ApiOptions>("SendGateway:Api");
        builder.Services.AddValidatedOptions<ManagementOptions>("SendGateway:Management");
        builder.Services.AddSendGatewayForwardedHeaders();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var api = kestrel.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value; // validated
            var management = kestrel.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ManagementOptions>>().Value.Endpoints();
            if (management.Count > 0)
            {
                if (!kestrel.ApplicationServices.GetRequiredService<SendGatewayRoles>().Relay)
                {
                    HttpListeners.ListenUrls(kestrel, context.Configuration); // the relay role binds them itself
                }

                foreach (var url in management)
                {
                    HttpListeners.Listen(kestrel, url);
                }
            }

            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024; // Raised per endpoint where bodies are larger (POST /v1/messages).
            kestrel.Limits.MaxRequestHeadersTotalSize = api.MaxRequestHeadersTotalSize;
            kestrel.Limits.MaxConcurrentConnections = api.MaxConcurrentConnections;
            kestrel.Limits.RequestHeadersTimeout = api.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = api.KeepAliveTimeout;
            kestrel.Limits.MinRequestBodyDataRate = api.MinRequestBodyBytesPerSecond > 0
                ? new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(api.MinRequestBodyBytesPerSecond, api.MinRequestBodyGracePeriod)
                : null;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ListenerProtocols>();
        builder.Services.AddHostedService<ListeningAnnouncer>();
        builder.Services.AddValidatedOptions<SecretsOptions>("SendGateway:Secrets");
        builder.Services.AddValidatedOptions<DnsOptions>("SendGateway:Delivery:Dns"); // every lookup's name servers: MX, domain checks, webhooks
        builder.Services.AddSingleton<DnsClients>();
        builder.Services.AddSingleton<SecretBox>();
        builder.Services.AddSingleton<AddressHashes>();
        builder.Services.AddSingleton<Audit.AuditStore>();
        builder.Services.AddSingleton<IAuditTrail>(s => s.GetRequiredService<Audit.AuditStore>());
        builder.Services.AddSingleton<Audit.KeyAddressStore>();
        builder.Services.AddSingleton<PrivacyContract.ITenantDeletionStep, Audit.AuditTenantDeletionStep>();
        builder.Services.AddSendGatewayRateLimits();
        builder.Services.AddSharedKeyRing(); // panel cookies and antiforgery tokens readable on every api node
        builder.Services.AddProblemDetails();
        builder.Services.Configure<ExceptionHandlerOptions>(o =>
        {
            // A body the server could not read (arriving below the minimum rate: 408; over the limit: 413; bad framing:
            // 400) is the client's error: that status as problem details, not a 500 logged as the service's failure.
            o.StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            o.SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException;
        });
        builder.Services.ConfigureHttpJsonOptions(o => MessagesJson.Configure(o.SerializerOptions).UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip);
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("storage", tags: ["ready"]);
        builder.Services.AddHostedService<StopDrain>(); // T94: not ready first, then the listeners close
        builder.Services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ApiOptions>>((host, api) =>
            host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (api.Value.StopDrainTime + TimeSpan.FromSeconds(30)).Ticks)));
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo { Title = "SendGateway API", Version = "v1", Description = "Transactional email: send, track, manage." });
            o.AddServer(new OpenApiServer { Url = "/", Description = "This service" });
            o.OperationFilter<IdempotencyOperationFilter>();
            o.AddSecurityDefinition(BearerSecurityFilter.Scheme, new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "sgk_<key id>_<secret>" });
            o.OperationFilter<BearerSecurityFilter>();
            o.OperationFilter<OpenApiExamplesFilter>();
            o.DocumentFilter<OpenApiTagsFilter>();
        });

        var otlp = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddMeter(SendGatewayMetrics.Name, "System.Runtime", "mailkit.net.smtp", "mailkit.net.socket").AddPrometheusExporter()
                    // Request latency fine enough around the 20 ms accept objective to read a p99 from the histogram.
                    .AddView("http.server.request.duration", new OpenTelemetry.Metrics.ExplicitBucketHistogramConfiguration
                    {
                        Boundaries = [0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
                    });
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                // Paths and queries can carry addresses (/v1/suppressions/{email}, ?recipient=): spans keep the route template only.
                tracing.AddAspNetCoreInstrumentation(o => o.EnrichWithHttpResponse = (activity, response) =>
                    {
                        activity.SetTag("url.path", (response.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "[unmatched]");
                        activity.SetTag("url.query", null);
                    })
                    .AddSource(SendGatewayMetrics.Name, "MailKit.Net.SmtpClient");
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary>
    /// First in the pipeline: the client's address and scheme through trusted proxies only (the panel's scheme from
    /// an HTTPS public address), and the management listener's paths kept off the public one.
    /// </summary>
    public static WebApplication UseSendGatewayFront(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<PanelSchemeFromPublicAddress>();
        app.UseMiddleware<ManagementGate>();
        return app;
    }

    public static WebApplication MapSendGatewayDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<Panel.PanelSecurityHeaders>(); // before authorization: its redirect to the sign-in page carries them too
        app.UseAuthentication();
        app.UseMiddleware<RateLimitMiddleware>(); // before authorization, whose 401 would otherwise spare keyless requests the per-address limit
        app.UseAuthorization();
        app.UseMiddleware<Panel.SuspendedTenantGuard>();
        app.UseAntiforgery(); // panel forms (every one carries its token); API endpoints bind no forms
        app.UseMiddleware<Audit.AuditMiddleware>();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).WithTags("Operations");
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).WithTags("Operations");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.UseSwagger(o => o.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "SendGateway v1");
            o.RoutePrefix = "swagger";
        });
        return app;
    }
}
