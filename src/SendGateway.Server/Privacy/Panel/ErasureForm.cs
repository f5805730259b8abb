namespace SendGateway.Server.Privacy.Panel;

/// <summary>The Privacy page's erasure: addresses one per line, and the word typed to confirm.</summary>
internal sealed class ErasureForm
{
    public const string ConfirmWord = "ERASE";

    public string? Emails { get; set; }

    public string? Confirm { get; set; }
}
