namespace SendGateway.Server.Messages;

/// <summary>Either a valid message, field errors (422) or too large (413).</summary>
internal sealed record ValidationOutcome(ValidatedMessage? Message, Dictionary<string, string[]> Errors, bool TooLarge)
{
    public bool IsValid => Message is not null;
}
