namespace SendGateway.Server.Messages;

/// <summary>
/// Where a tenant stands against its sending quota after a send (the window with the fewest recipients left, hourly or
/// daily): what <c>POST /v1/messages</c> reports in its <c>X-Quota-*</c> headers.
/// </summary>
/// <param name="Limit">The window's quota (recipients).</param>
/// <param name="Remaining">Recipients still allowed in the window.</param>
/// <param name="Reset">When the window ends.</param>
/// <param name="Exceeded">The send would have crossed this window's quota: nothing was consumed.</param>
internal sealed record SendingQuotaState(long Limit, long Remaining, TimeSpan Reset, bool Exceeded = false)
{
    /// <summary>The headers on a send's answer: the quota, what is left, seconds until the window ends.</summary>
    public void WriteTo(IHeaderDictionary headers)
    {
        headers["X-Quota-Limit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["X-Quota-Remaining"] = Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["X-Quota-Reset"] = ((long)Math.Ceiling(Reset.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
