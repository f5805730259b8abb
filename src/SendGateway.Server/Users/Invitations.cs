using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Users;

/// <summary>
/// One-time links (issue 32 §4): an invitation or a reset gives the person a link, valid once and for
/// <see cref="InvitationOptions.Lifetime"/>, with which they set their own password and second factor, so nobody else
/// ever knows both. The service mails it where a system sender is configured; otherwise whoever asked sees it once.
/// A newer link for the same person replaces the older. Every step is in the tenant's audit log.
/// </summary>
internal sealed class Invitations(
    InvitationStore store, UserStore users, PanelPasswords passwords, IInvitationMailer mailer, IAuditTrail audit, IOptions<InvitationOptions> options,
    TimeProvider time, ILogger<Invitations> logger)
{
    /// <summary>Where a link leads: the panel's welcome page, followed by the token.</summary>
    public const string WelcomePath = "/panel/welcome/";

    /// <summary>A new person: their account is made when they use the link. The same answer whether or not the address signs in to another tenant.</summary>
    public async Task<InvitationOutcome> InviteAsync(string tenantId, string email, string role, string actor, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await users.FindInTenantAsync(tenantId, email, cancellationToken) is not null)
        {
            return new InvitationOutcome(InvitationStatus.Exists);
        }

        var invitation = await CreateAsync(tenantId, Ids.New("usr", time), email, role, InvitationPurposes.Invite, cancellationToken);
        return invitation is null ? new InvitationOutcome(InvitationStatus.TooMany) : await DeliverAsync(invitation.Value, actor, request, cancellationToken);
    }

    /// <summary>A reset: the user's password and second factor are cleared and their sessions end; the link lets them set both again.</summary>
    public async Task<InvitationOutcome> ResetAsync(string tenantId, string userId, string actor, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await users.GetAsync(tenantId, userId, cancellationToken) is not { } user)
        {
            return new InvitationOutcome(InvitationStatus.NotFound);
        }

        var invitation = await CreateAsync(tenantId, user.Id, user.Email, user.Role, InvitationPurposes.Reset, cancellationToken);
        if (invitation is null)
        {
            return new InvitationOutcome(InvitationStatus.TooMany);
        }

        return await users.ClearCredentialsAsync(tenantId, user.Id, cancellationToken) is null
            ? new InvitationOutcome(InvitationStatus.NotFound)
            : await DeliverAsync(invitation.Value, actor, request, cancellationToken);
    }

    /// <summary>The link of a token while it is open; a used, replaced or expired one is refused (and that attempt audited).</summary>
    public async Task<Invitation?> OpenAsync(string? token, string? ip, CancellationToken cancellationToken)
    {
        if (token is not { Length: > 0 and <= 128 } || await store.FindAsync(Hash(token), cancellationToken) is not { } invitation)
        {
            return null; // no tenant to tell
        }

        var reason = invitation switch
        {
            { UsedAt: not null } => "used",
            { RevokedAt: not null } => "replaced",
            _ when invitation.ExpiresAt <= time.GetUtcNow().UtcDateTime => "expired",
            _ => null,
        };
        if (reason is null)
        {
            return invitation;
        }

        await RefusedAsync(invitation, reason, ip, cancellationToken);
        return null;
    }

    /// <summary>A new authenticator key for the person to enrol on the link's page (kept sealed on the link until used).</summary>
    public async Task<byte[]> NewFactorAsync(Invitation invitation, CancellationToken cancellationToken)
    {
        var secret = TotpCodes.NewSecret();
        await store.SetPendingTotpAsync(invitation, secret, cancellationToken);
        return secret;
    }

    public Task<byte[]?> PendingFactorAsync(Invitation invitation, CancellationToken cancellationToken) => store.GetPendingTotpAsync(invitation, cancellationToken);

    /// <summary>
    /// The person's password and a code of the key they enrolled: the link is used and the account is theirs, with
    /// fresh recovery codes. A refusal changes nothing and says nothing of other tenants.
    /// </summary>
    public async Task<(RedeemStatus Status, PanelUser? User, IReadOnlyList<string>? RecoveryCodes)> RedeemAsync(
        Invitation invitation, string password, string? code, string? ip, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await store.GetPendingTotpAsync(invitation, cancellationToken) is not { } secret || TotpCodes.Verify(secret, code, now) is not { } step)
        {
            return (RedeemStatus.WrongCode, null, null);
        }

        var (codes, hashes) = RecoveryCodes.Generate();
        var (status, user) = await store.RedeemAsync(invitation, now, passwords.Hash(password), step, hashes, UserStore.Stamp(), cancellationToken);
        if (status != RedeemStatus.Redeemed)
        {
            await RefusedAsync(invitation, status == RedeemStatus.Closed ? "closed" : "unavailable", ip, cancellationToken);
            return (status, null, null);
        }

        await audit.AppendAsync(invitation.TenantId, $"user:{invitation.UserId}", AuditActions.InvitationRedeemed, Target(invitation), ip, null, cancellationToken);
        UsersLog.LinkRedeemed(logger, invitation.TenantId, invitation.Id, invitation.UserId);
        return (status, user, codes);
    }

    /// <summary>The tenant's open links, for the Users page.</summary>
    public Task<IReadOnlyList<Invitation>> ListOpenAsync(string tenantId, int limit, CancellationToken cancellationToken) =>
        store.ListOpenAsync(tenantId, time.GetUtcNow(), limit, cancellationToken);

    private async Task<(Invitation Invitation, string Token)?> CreateAsync(
        string tenantId, string userId, string email, string role, string purpose, CancellationToken cancellationToken)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var lifetime = options.Value.Lifetime;
        var invitation = new Invitation
        {
            Id = Ids.New("inv", time), TenantId = tenantId, UserId = userId, Email = email, Role = role, Purpose = purpose, ExpiresAt = (now + lifetime).UtcDateTime,
        };
        var created = await store.CreateAsync(invitation, Hash(token), options.Value.MaxOpenPerTenant, now, now - lifetime - lifetime, cancellationToken);
        return created is null ? null : (created, token);
    }

    private async Task<InvitationOutcome> DeliverAsync((Invitation Invitation, string Token) link, string actor, HttpRequest request, CancellationToken cancellationToken)
    {
        var (invitation, token) = link;
        var ip = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        var origin = options.Value.BaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        var url = origin + WelcomePath + token;
        await audit.AppendAsync(invitation.TenantId, actor, AuditActions.InvitationCreated, Target(invitation), ip, null, cancellationToken);
        var mailed = await mailer.TrySendAsync(new InvitationMail(invitation.Email, url, invitation.Purpose, invitation.ExpiresAt), cancellationToken);
        await audit.AppendAsync(invitation.TenantId, actor, mailed ? AuditActions.InvitationMailed : AuditActions.InvitationShown, Target(invitation), ip, null, cancellationToken);
        UsersLog.LinkIssued(logger, invitation.TenantId, invitation.Id, invitation.Purpose, mailed ? "mailed" : "shown once");
        return new InvitationOutcome(InvitationStatus.Issued, invitation, url, mailed);
    }

    private async Task RefusedAsync(Invitation invitation, string reason, string? ip, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(invitation.TenantId, $"user:{invitation.UserId}", AuditActions.InvitationRefused, $"{Target(invitation)} reason={reason}", ip, null, cancellationToken);
        UsersLog.LinkRefused(logger, invitation.TenantId, invitation.Id, reason);
    }

    private static string Target(Invitation invitation) => $"invitation={invitation.Id} user={invitation.UserId} purpose={invitation.Purpose}";

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
