using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace SendGateway.Client;

/// <summary>
/// The SendGateway REST API, typed. Get one from <c>services.AddSendGatewayClient(o =&gt; …)</c>, or
/// <see cref="Create"/> without dependency injection. Every method throws <see cref="SendGatewayException"/> for an error answer.
/// </summary>
public sealed class SendGatewayClient
{
    /// <summary>Wraps an <see cref="HttpClient"/> whose base address and Authorization header are already set (the DI registration does that).</summary>
    public SendGatewayClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        var api = new ApiConnection(httpClient);
        Messages = new MessagesClient(api);
        Events = new EventsClient(api);
        Suppressions = new SuppressionsClient(api);
        Templates = new TemplatesClient(api);
        Domains = new DomainsClient(api);
        Webhooks = new WebhooksClient(api);
        Account = new AccountClient(api);
        Users = new UsersClient(api);
        Streams = new StreamsClient(api);
        Admin = new AdminClient(api);
    }

    /// <summary>Messages: send, get, cancel.</summary>
    public MessagesClient Messages { get; }

    /// <summary>Message streams and their defaults.</summary>
    public StreamsClient Streams { get; }

    /// <summary>Events (one page, or all of them as an async stream) and stats.</summary>
    public EventsClient Events { get; }

    /// <summary>Suppressions, with CSV import and export.</summary>
    public SuppressionsClient Suppressions { get; }

    /// <summary>Stored templates and layouts.</summary>
    public TemplatesClient Templates { get; }

    /// <summary>Sender domains.</summary>
    public DomainsClient Domains { get; }

    /// <summary>Webhook endpoints.</summary>
    public WebhooksClient Webhooks { get; }

    /// <summary>Settings, API keys, SMTP credentials, audit log, queues and privacy.</summary>
    public AccountClient Account { get; }

    /// <summary>Panel users.</summary>
    public UsersClient Users { get; }

    /// <summary>The operator API (operator key only).</summary>
    public AdminClient Admin { get; }

    /// <summary>
    /// A client with its own <see cref="HttpClient"/> and the retry rule of <see cref="SendGatewayRetry"/>. Keep it for the
    /// life of the application (one per process, as with any HttpClient).
    /// </summary>
    public static SendGatewayClient Create(SendGatewayClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddSendGatewayRetry(options).Build();
#pragma warning disable CA2000 // the HttpClient owns the handlers and the client owns the HttpClient for its whole life
        var http = new HttpClient(new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) } })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // the pipeline times each attempt
        };
#pragma warning restore CA2000
        Configure(http, options);
        return new SendGatewayClient(http);
    }

    /// <summary>Sets the base address and the <c>Authorization: Bearer</c> header of an HttpClient.</summary>
    public static void Configure(HttpClient httpClient, SendGatewayClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var address = options.BaseAddress!.ToString();
        httpClient.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        httpClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        httpClient.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("SendGateway.Client", typeof(SendGatewayClient).Assembly.GetName().Version?.ToString(3)));
    }
}
