using MimeKit;

namespace SendGateway.Server.Messages;

/// <summary>
/// The <c>TLS-Required</c> header (RFC 8689 §3): its one value, <c>No</c> (case-insensitive), asks that recipient-side
/// policies (MTA-STS, DANE) not hold the message back. Read from the relay's MIME and the REST <c>headers</c>; the header
/// stays in the message as sent (RFC 8689 §4.1 lets it travel on). Whether it counts is the tenant's
/// <c>tls_optional_allowed</c>, decided at accept (<see cref="MessageAcceptor"/>).
/// </summary>
internal static class TlsRequiredHeader
{
    public const string Name = "TLS-Required";

    public static bool SaysNo(HeaderList headers) => headers.Any(h => h.Field.Equals(Name, StringComparison.OrdinalIgnoreCase) && IsNo(h.Value));

    public static bool SaysNo(IReadOnlyDictionary<string, string>? headers) =>
        headers is not null && headers.Any(h => h.Key.Trim().Equals(Name, StringComparison.OrdinalIgnoreCase) && IsNo(h.Value));

    private static bool IsNo(string? value) => value is not null && value.Trim().Equals("No", StringComparison.OrdinalIgnoreCase);
}
