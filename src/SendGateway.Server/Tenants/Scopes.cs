namespace SendGateway.Server.Tenants;

/// <summary>API key scopes (api.md §1) and the authorization policies named after them.</summary>
internal static class Scopes
{
    public const string Send = "send";
    public const string Read = "read";
    public const string Manage = "manage";

    /// <summary>Policy for the operator API (<c>SendGateway:Admin:ApiKey</c>).</summary>
    public const string Admin = "admin";

    public static readonly string[] All = [Send, Read, Manage];
}
