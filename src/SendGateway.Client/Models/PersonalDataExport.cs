namespace SendGateway.Client;

/// <summary>The API's <c>PersonalDataExport</c> object.</summary>
public sealed record PersonalDataExport
{
    /// <summary>JSON <c>email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>JSON <c>messages</c>.</summary>
    public IReadOnlyList<MessageView>? Messages { get; init; }

    /// <summary>JSON <c>suppression</c>.</summary>
    public Suppression? Suppression { get; init; }

    /// <summary>JSON <c>hard_bounces</c>.</summary>
    public int? HardBounces { get; init; }

    /// <summary>JSON <c>messages_truncated</c>.</summary>
    public bool MessagesTruncated { get; init; }

    /// <summary>JSON <c>contents</c>.</summary>
    public IReadOnlyList<KeptContent>? Contents { get; init; }

    /// <summary>JSON <c>contents_truncated</c>.</summary>
    public bool ContentsTruncated { get; init; }
}
