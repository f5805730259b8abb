using Microsoft.Extensions.Options;
using SendGateway.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SendGatewayClient"/> as a typed HttpClient with the retry rule of <see cref="SendGatewayRetry"/>.</summary>
public static class SendGatewayClientServiceCollectionExtensions
{
    /// <summary>
    /// <c>services.AddSendGatewayClient(o =&gt; { o.BaseAddress = …; o.ApiKey = …; })</c>; inject <see cref="SendGatewayClient"/>.
    /// The options are validated when the first client is made. Returns the HttpClient builder for more handlers.
    /// </summary>
    public static IHttpClientBuilder AddSendGatewayClient(this IServiceCollection services, Action<SendGatewayClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SendGatewayClientOptions>().Configure(configure);
        var builder = services.AddHttpClient<SendGatewayClient>((provider, http) =>
        {
            http.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // the pipeline times each attempt
            SendGatewayClient.Configure(http, provider.GetRequiredService<IOptions<SendGatewayClientOptions>>().Value);
        });
        builder.AddResilienceHandler("sendgateway", (pipeline, context) =>
            pipeline.AddSendGatewayRetry(context.ServiceProvider.GetRequiredService<IOptions<SendGatewayClientOptions>>().Value));
        return builder;
    }
}
