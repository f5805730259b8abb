using System.Globalization;
using Microsoft.Extensions.Options;
using SendGateway.Server.Messages;
using SendGateway.Server.Queue;
using SendGateway.Server.Storage;
using SendGateway.Server.Users;

namespace SendGateway.Server.SystemMail;

/// <summary>
/// Mail the service sends itself, from <see cref="SystemMailOptions.From"/> as the operator tenant, through the same
/// accept path as everyone's (<see cref="MessageAcceptor"/>: proven domain, suppressions, quota, queue), with no
/// tracking, no unsubscribe link and no kept copy (the links it carries are secrets).
/// </summary>
internal sealed class SystemMailer(MessageAcceptor acceptor, IOptions<SystemMailOptions> options, ILogger<SystemMailer> logger) : IInvitationMailer
{
    /// <summary>True once the message is queued for its recipient; false when no sender is configured or the accept path refused or dropped it.</summary>
    public async Task<bool> TrySendAsync(string to, string subject, string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Configured)
        {
            return false;
        }

        var content = new BatchContent
        {
            FromEmail = Addresses.Normalize(settings.From)!, FromName = settings.FromName, Subject = subject, Text = text,
            TrackOpens = false, TrackClicks = false, Unsubscribe = false, KeepContent = false,
        };
        try
        {
            var outcome = await acceptor.AcceptAsync(settings.TenantId!, content, [new AcceptRecipient(to, to)], null, null, null, cancellationToken);
            if (outcome.Status == AcceptStatus.Accepted && outcome.Accepted!.Messages.All(m => m.Status == "accepted"))
            {
                return true;
            }

            SystemMailLog.NotAccepted(logger, settings.TenantId!, outcome.Status == AcceptStatus.Accepted ? "dropped" : outcome.Status.ToString());
            return false;
        }
        catch (Exception e) when (Outage.IsTransient(e))
        {
            SystemMailLog.Unavailable(logger, settings.TenantId!, e);
            return false;
        }
    }

    public Task<bool> TrySendAsync(InvitationMail mail, CancellationToken cancellationToken)
    {
        var until = mail.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var (subject, what) = mail.Purpose == InvitationPurposes.Reset
            ? ("Set a new password for SendGateway", "Your SendGateway sign-in was reset. Open this link to set a new password and a new two-factor sign-in.")
            : ("You are invited to SendGateway", "You are invited to the SendGateway panel. Open this link to set your password and two-factor sign-in.");
        var text = $"{what}\n\nThe link works once, until {until}:\n\n{mail.Url}\n\nIf you did not expect this mail, ignore it: nothing is set up until the link is used.\n";
        return TrySendAsync(mail.To, subject, text, cancellationToken);
    }
}
