namespace SendGateway.Server.Privacy;

/// <summary>The masked form an anonymised address keeps: <c>j***@example.test</c> (first character of the local part, the domain).</summary>
internal static class AddressMask
{
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }
}
