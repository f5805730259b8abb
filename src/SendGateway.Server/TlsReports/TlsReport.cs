namespace SendGateway.Server.TlsReports;

/// <summary>
/// One domain's report of one UTC day: who submits it (<see cref="Submitter"/>, the sender's domain), its id (the same
/// on every try, so a receiver can tell a repeat) and its JSON, gzip-compressed.
/// </summary>
internal sealed record TlsReport(string Domain, DateOnly Day, string Submitter, string ReportId, byte[] Json, byte[] Gzip)
{
    public DateTimeOffset Begin => new(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The last second of the day (RFC 8460 §4.4 example: <c>…T23:59:59Z</c>).</summary>
    public DateTimeOffset End => Begin.AddDays(1).AddSeconds(-1);

    /// <summary>RFC 8460 §5.3: <c>submitter!policy-domain!begin-epoch!end-epoch!report-id.json.gz</c>.</summary>
    public string FileName => $"{Submitter}!{Domain}!{Begin.ToUnixTimeSeconds()}!{End.ToUnixTimeSeconds()}!{ReportId}.json.gz";
}
