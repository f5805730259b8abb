namespace SendGateway.Server.Messages;

/// <summary>
/// The mailboxes a submitted message names as its author (<c>From</c>) and sender (<c>Sender</c>), normalised, each with
/// the header it came from; or the refusal, in words for the submitter, when the fields break the rule of
/// <see cref="SenderHeaders"/>. <see cref="From"/> is the first mailbox of <c>From</c>: the domain that signs.
/// </summary>
internal sealed record AuthorMailboxes(string? From, IReadOnlyList<(string Header, string Address)> All, string? Refusal)
{
    public static AuthorMailboxes Refused(string refusal) => new(null, [], refusal);
}
