namespace SendGateway.Server.Users;

/// <summary>
/// Mails a one-time link to its person from the operator's system sender (<c>SystemMail/</c>, which sends through the
/// accept path: Users cannot depend on Messages, whose pages depend on Users). False when no system sender is
/// configured or it cannot send now: the link is then shown once to whoever made it.
/// </summary>
internal interface IInvitationMailer
{
    Task<bool> TrySendAsync(InvitationMail mail, CancellationToken cancellationToken);
}
