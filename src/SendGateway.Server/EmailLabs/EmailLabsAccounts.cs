using System.Security.Claims;
using Microsoft.Extensions.Options;
using SendGateway.Server.Relay;

namespace SendGateway.Server.EmailLabs;

/// <summary><c>GET /api/smtp</c>: the tenant's SMTP credentials as EmailLabs' SMTP accounts (an account is named by the credentials' name or username).</summary>
internal static class EmailLabsAccounts
{
    public static async Task<IResult> ListAsync(HttpContext context, ClaimsPrincipal user, SmtpCredentialStore store, IOptions<EmailLabsOptions> options, CancellationToken cancellationToken)
    {
        var credentials = await store.ListAsync(user.TenantId(), null, options.Value.MaxLimit, cancellationToken);
        var data = credentials.Select(c => new
        {
            id = c.Id,
            account = c.Name,
            username = c.Username,
            created_at = EmailLabsReply.UnixTime(c.CreatedAt),
            last_used_at = c.LastUsedAt is { } used ? EmailLabsReply.UnixTime(used) : (long?)null,
        }).ToList();
        return EmailLabsReply.Success(context, "Data found", data);
    }
}
