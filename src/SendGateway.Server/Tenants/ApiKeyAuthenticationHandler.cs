using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Tenants;

/// <summary>
/// <c>Authorization: Bearer sgk_…</c> for tenants, the configured operator key for <c>/v1/admin</c>.
/// Key rows are cached briefly; the secret is always compared against the stored hash in constant time.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TenantStore tenants,
    IMemoryCache cache,
    ApiKeyUses uses,
    TenantInvalidations invalidations,
    IOptions<AdminOptions> admin) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Only the EmailLabs-compatible API takes HTTP Basic (its clients send nothing else).</summary>
    public const string BasicPath = "/api";
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(30);
    private static readonly object StoreUnavailable = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string presented;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = header["Bearer ".Length..].Trim();
        }
        else if (header is not null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && Request.Path.StartsWithSegments(BasicPath))
        {
            // The EmailLabs-compatible API: app key = the API key up to its last '_' (sgk_<id>), app secret = the rest.
            if (!BasicCredentials.TryRead(header["Basic ".Length..].Trim(), out var appKey, out var appSecret))
            {
                return AuthenticateResult.Fail("Malformed Basic credentials.");
            }

            presented = $"{(appKey.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal) ? appKey : ApiKeys.Prefix + appKey)}_{appSecret}";
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        if (admin.Value.ApiKey is { Length: > 0 } operatorKey && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(operatorKey))))
        {
            var identity = new ClaimsIdentity([new Claim(TenantClaims.Operator, "true")], SchemeName);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
        }

        if (!ApiKeys.TryParse(presented, out var keyId, out var secret))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        StoredApiKey? stored;
        try
        {
            stored = await FindAsync(keyId);
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            // PostgreSQL cannot answer for a key this node has not cached: 503 + Retry-After (nothing was done), never a 500.
            Context.Items[StoreUnavailable] = true;
            return AuthenticateResult.Fail("The API key could not be checked: storage unavailable.");
        }

        if (stored is null || !ApiKeys.Matches(secret, stored.SecretHash) || stored.Suspended)
        {
            return AuthenticateResult.Fail("Unknown, revoked or suspended API key.");
        }

        var claims = new List<Claim> { new(TenantClaims.Tenant, stored.TenantId), new(TenantClaims.Key, stored.Id), new(TenantClaims.Role, stored.Role) };
        if (SourceAddresses.Allows(stored.AllowedIps, Context.Connection.RemoteIpAddress))
        {
            claims.AddRange(stored.Scopes.Select(s => new Claim(TenantClaims.Scope, s)));
        }
        else
        {
            claims.Add(new Claim(TenantClaims.SourceDenied, "true")); // authenticated, but no scope from here: every endpoint is 403
        }

        uses.Used(stored.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    /// <summary>The key's row, cached for <see cref="CacheTime"/> (a revocation or suspension drops it on every node).</summary>
    private Task<StoredApiKey?> FindAsync(string keyId) => cache.GetOrCreateAsync(ApiKeyRevocations.CacheKey(keyId), async entry =>
    {
        entry.AbsoluteExpirationRelativeToNow = CacheTime;
        entry.Size = 1;
        var epoch = invalidations.Epoch;
        var row = await tenants.FindApiKeyAsync(keyId, Context.RequestAborted);
        if (row is not null)
        {
            invalidations.Attach(entry, row.TenantId, epoch); // a suspension drops it on every node
        }

        return row;
    });

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(StoreUnavailable))
        {
            Response.Headers.RetryAfter = "5";
            return WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", "The API key could not be checked just now; nothing was done. Retry later.");
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized", "A valid API key is required: Authorization: Bearer <key>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", Context.User.HasClaim(TenantClaims.SourceDenied, "true")
            ? "The API key may not be used from this address (allowed_ips)."
            : "The API key lacks the scope this endpoint requires.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Response.WriteAsJsonAsync(
            new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" },
            options: null, contentType: "application/problem+json", cancellationToken: Context.RequestAborted);
    }
}
