using System.Security.Claims;
using Microsoft.Extensions.Options;
using SendGateway.Server.Relay;
using SendGateway.Server.Suppressions;

namespace SendGateway.Server.EmailLabs;

/// <summary>
/// <c>/api/blacklists</c>: EmailLabs' blacklist is our suppression list, through the same <see cref="SuppressionChanges"/>
/// and store as <c>/v1/suppressions</c>. Reasons map both ways (<see cref="EmailLabsStatuses"/>); <c>comment</c> and
/// <c>source</c> are accepted and not kept.
/// </summary>
internal static class EmailLabsBlacklists
{
    private static readonly string[] Filters = ["email", "reason", "account"];

    public static async Task<IResult> ListAsync(HttpContext context, ClaimsPrincipal user, SuppressionStore store, IOptions<EmailLabsOptions> options, CancellationToken cancellationToken)
    {
        var (query, error) = EmailLabsQuery.Parse(context.Request.Query, options.Value, Filters);
        if (query is null)
        {
            return EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, error!);
        }

        var email = query.Filters.GetValueOrDefault("email") is { } e ? SuppressionKeys.Normalize(e) ?? e : null;
        var reason = query.Filters.GetValueOrDefault("reason") is { } r ? EmailLabsStatuses.SuppressionReasonFor(r) : null;
        // Ordered by address (the store's keyset order); the offset walks it within MaxOffset.
        var entries = await store.ListAsync(user.TenantId(), email, reason, null, query.Offset + query.Limit, cancellationToken);
        return EmailLabsReply.Success(context, "Data found", entries.Skip(query.Offset).Select(Entry).ToList());
    }

    public static async Task<IResult> AddAsync(
        HttpContext context, ClaimsPrincipal user, SuppressionChanges changes, SmtpCredentialStore accounts, EmailLabsForms forms, CancellationToken cancellationToken)
    {
        var (form, error) = await forms.ReadAsync(context, cancellationToken);
        if (form is null)
        {
            return error!;
        }

        if (string.IsNullOrWhiteSpace(form.Text("email")))
        {
            return EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, "Field 'email' is required.");
        }

        if (form.Text("account") is { Length: > 0 } account && await accounts.FindAccountAsync(user.TenantId(), account, cancellationToken) is null)
        {
            return EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, "Incorrect account: this account has no SMTP credentials with that name or username.");
        }

        var (errors, added) = await changes.AddAsync(user.TenantId(), [new SuppressionInput(form.Text("email"), EmailLabsStatuses.SuppressionReasonFor(form.Text("reason")), null)], cancellationToken);
        return added is not null
            ? EmailLabsReply.Success(context, "Email added to blacklist", added.Data.Select(Entry).ToList())
            : EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, "Incorrect email: " + string.Join(" ", errors.Values.SelectMany(v => v)), errors);
    }

    public static async Task<IResult> CheckAsync(string email, HttpContext context, ClaimsPrincipal user, SuppressionStore store, AddressHashes hashes, CancellationToken cancellationToken)
    {
        if (SuppressionKeys.Normalize(email) is not { } key)
        {
            return EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, "Incorrect email.");
        }

        return await store.FindAsync(user.TenantId(), SuppressionKeys.Lookup(key, hashes), cancellationToken) is { } entry
            ? EmailLabsReply.Success(context, "Email is on the blacklist", Entry(entry))
            : EmailLabsReply.Fail(context, StatusCodes.Status404NotFound, "Email is not on the blacklist.");
    }

    public static async Task<IResult> DeleteAsync(string email, HttpContext context, ClaimsPrincipal user, SuppressionChanges changes, CancellationToken cancellationToken) =>
        await changes.RemoveAsync(user.TenantId(), email, cancellationToken)
            ? EmailLabsReply.Success(context, "Email removed from blacklist", Array.Empty<object>())
            : EmailLabsReply.Fail(context, StatusCodes.Status404NotFound, "Email is not on the blacklist.");

    private static object Entry(Suppression s) => new
    {
        email = s.Email,
        reason = EmailLabsStatuses.BlacklistReasonFor(s.Reason),
        created_at = EmailLabsReply.UnixTime(s.CreatedAt),
        expires_at = s.ExpiresAt is { } at ? EmailLabsReply.UnixTime(at) : (long?)null,
        source_message_id = s.SourceMessageId,
    };
}
