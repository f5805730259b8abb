using Microsoft.Extensions.Options;
using SendGateway.Server.Domains;

namespace SendGateway.Server.Tracking;

/// <summary>
/// What every public tracking and unsubscribe request checks first, reading no database: the token is ours unaltered,
/// of the kind the route serves, not longer than <see cref="TrackingOptions.MaxTokenLength"/>, and not presented on
/// another tenant's verified tracking host (a token of tenant A on <c>track.b.example</c> is 404).
/// </summary>
internal sealed class TokenGate(TrackingTokens tokens, TrackingHosts hosts, IOptions<TrackingOptions> options)
{
    public TrackingToken? Read(HttpContext context, string token, char kind) =>
        tokens.Read(token, options.Value.MaxTokenLength) is { } read && read.Kind == kind && !hosts.IsAnotherTenants(context.Request.Host.Host, read.TenantId)
            ? read
            : null;
}
