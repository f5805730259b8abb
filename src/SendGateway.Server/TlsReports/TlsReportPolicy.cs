namespace SendGateway.Server.TlsReports;

/// <summary>
/// The policy a session was judged by, as a TLS report names it (RFC 8460 §4.4): <c>sts</c> (its text's lines and MX
/// patterns), <c>tlsa</c> (the TLSA records and the MX host) or <c>no-policy-found</c>.
/// </summary>
internal sealed record TlsReportPolicy(string Type, IReadOnlyList<string> Strings, IReadOnlyList<string> MxHosts)
{
    public const string Sts = "sts";
    public const string Tlsa = "tlsa";
    public const string NoPolicyFound = "no-policy-found";

    public static TlsReportPolicy None { get; } = new(NoPolicyFound, [], []);
}
