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
public sealed class ApiKeyAuthenticationHandler(
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

        var stored = await cache.GetOrCreateAsync(ApiKeyRevocations.CacheKey(keyId), async entry =>
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
        if (stored is null || !ApiKeys.Matches(secret, stored.SecretHash) || stored.Suspended)
        {
            return AuthenticateResult.Fail("Unknown, revoked or suspended API key.");
        }

        var claims = new List<Claim> { new(TenantClaims.Tenant, stored.TenantId), new(TenantClaims.Key, stored.Id) };
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

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
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
