using System.Security.Claims;
using Microsoft.Extensions.Options;
using SendGateway.Server.Relay;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.EmailLabs;

/// <summary><c>GET /api/smtp</c>: the tenant's SMTP credentials as EmailLabs' SMTP accounts (an account is named by the credentials' name or username).</summary>
public static class EmailLabsAccounts
{
    public static async Task<IResult> ListAsync(HttpContext context, ClaimsPrincipal user, SmtpCredentialStore store, IOptions<EmailLabsOptions> options, CancellationToken cancellationToken)
    {
        var credentials = await store.ListAsync(user.TenantId(), null, options.Value.MaxLimit, cancellationToken);
        var data = credentials.Select(c => new
        {
            id = c.Id,
            account = c.Name,
            username = c.Username,
            created_at = new DateTimeOffset(DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc)).ToUnixTimeSeconds(),
            last_used_at = c.LastUsedAt is { } used ? new DateTimeOffset(DateTime.SpecifyKind(used, DateTimeKind.Utc)).ToUnixTimeSeconds() : (long?)null,
        }).ToList();
        return EmailLabsReply.Success(context, "Data found", data);
    }
}
