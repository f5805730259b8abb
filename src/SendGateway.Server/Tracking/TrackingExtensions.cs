using Microsoft.Extensions.Options;

namespace SendGateway.Server.Tracking;

internal static class TrackingExtensions
{
    /// <summary>
    /// Tokens and the tracker (delivery rewrites links) in every role; the recorder for the public endpoints; the ingest
    /// step that fills opens and clicks in from their message.
    /// </summary>
    public static IHostApplicationBuilder AddTracking(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TrackingOptions>("SendGateway:Tracking")
            .Validate(o => o.TrustedProxies.All(p => System.Net.IPAddress.TryParse(p, out _)), "SendGateway:Tracking:TrustedProxies: each entry is an IP address");
        builder.Services.AddSingleton<Domains.ITrackingHost>(s => s.GetRequiredService<IOptions<TrackingOptions>>().Value); // the domains' tracking-host record
        builder.Services.AddSingleton<TrackingTokens>();
        builder.Services.AddSingleton<MessageTracker>();
        builder.Services.AddSingleton<TokenGate>();
        builder.Services.AddSingleton<TrackingRecorder>();
        builder.Services.AddSingleton<UnsubscribeMarks>();
        builder.Services.AddSingleton<OpenMarks>();
        builder.Services.AddSingleton<RepeatedHits>();
        builder.Services.AddSingleton<AddressLimits>();
        builder.Services.AddSingleton<Events.IIngestStep, TrackedEventsStep>();
        return builder;
    }
}
