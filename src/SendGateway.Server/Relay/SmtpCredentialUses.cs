using Microsoft.Extensions.Options;

namespace SendGateway.Server.Relay;

/// <summary>The last use of each SMTP credential (<c>smtp_credentials.last_used_at</c>, by username), noted on AUTH and written in rounds.</summary>
internal sealed class SmtpCredentialUses(SmtpCredentialStore store, IOptions<LastUseOptions> options, TimeProvider time, ILogger<SmtpCredentialUses> logger)
    : LastUseFlusher(options, time, logger)
{
    protected override Task WriteAsync(string[] usernames, DateTime[] times, CancellationToken cancellationToken) =>
        store.MarkUsedAsync(usernames, times, cancellationToken);
}
