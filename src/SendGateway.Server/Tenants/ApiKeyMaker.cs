using System.Security.Claims;

namespace SendGateway.Server.Tenants;

/// <summary>
/// Who makes an API key and what they may give it: at most <see cref="Role"/> and, for a key made by a key, no scope
/// beyond <see cref="Scopes"/> (null: any). <see cref="CreatedBy"/> is what the key's views show: <c>user:&lt;id&gt;</c>,
/// <c>key:&lt;id&gt;</c>, <c>operator</c>, <c>cli</c> or <c>demo</c>.
/// </summary>
internal sealed record ApiKeyMaker(string CreatedBy, string Role, string[]? Scopes)
{
    public const string Operator = "operator";
    public const string CommandLine = "cli";
    public const string Demo = "demo";

    /// <summary>A person in the panel: at most their role.</summary>
    public static ApiKeyMaker Person(string userId, string role) => new($"user:{userId}", role, null);

    /// <summary>An API key (<c>POST /v1/api-keys</c>): at most its own ceiling and scopes.</summary>
    public static ApiKeyMaker Key(ClaimsPrincipal user)
    {
        var (keyId, role) = user.KeyOf();
        return new($"key:{keyId}", role, user.ScopesOf());
    }
}
