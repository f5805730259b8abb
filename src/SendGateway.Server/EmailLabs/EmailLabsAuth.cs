using SendGateway.Server.Tenants;

namespace SendGateway.Server.EmailLabs;

/// <summary>
/// The <c>/api/</c> endpoints' access check, answered in EmailLabs' shape: HTTP Basic with app key and secret (the
/// authentication handler maps them onto an API key, see <see cref="ApiKeyAuthenticationHandler"/>) and the scope the
/// operation needs (<c>send</c>, <c>read</c> or <c>manage</c>, as for <c>/v1</c>), and the role ceiling: sending and
/// changing need a key of role developer or above, as <c>/v1/messages</c> and <c>/v1/suppressions</c> do (403, audited).
/// </summary>
internal sealed class EmailLabsAuth(string scope) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.FindFirst(TenantClaims.Tenant) is null)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"SendGateway\"";
            return EmailLabsReply.Fail(http, StatusCodes.Status401Unauthorized,
                "Unauthorized: use HTTP Basic with the app key (an API key up to its last '_', e.g. sgk_<id>) and the app secret (the rest).");
        }

        if (!http.User.HasClaim(TenantClaims.Scope, scope))
        {
            return EmailLabsReply.Fail(http, StatusCodes.Status403Forbidden, http.User.HasClaim(TenantClaims.SourceDenied, "true")
                ? "This key may not be used from this address (allowed_ips)."
                : $"This key lacks the '{scope}' scope this operation needs.");
        }

        var needed = scope == Scopes.Read ? TenantRoles.Viewer : TenantRoles.Developer;
        if (!TenantRoles.AtLeast(http.User.FindFirst(TenantClaims.Role)?.Value, needed))
        {
            var refusal = new RoleRefusal(RoleRefusal.RoleCeiling, $"This key carries at most the role '{http.User.KeyOf().Role}'; this operation needs '{needed}'.");
            await refusal.RecordAsync(http.RequestServices.GetRequiredService<IAuditTrail>(), http, $"needs={needed}", http.RequestAborted);
            return EmailLabsReply.Fail(http, StatusCodes.Status403Forbidden, refusal.Detail);
        }

        return await next(context);
    }
}
