namespace SendGateway.Server.Suppressions.Panel;

/// <summary>The Suppressions page's "add": addresses or @domains, one per line, with one reason.</summary>
internal sealed class AddSuppressionsForm
{
    public string? Entries { get; set; }

    public string Reason { get; set; } = SuppressionReasons.Manual;

    public IReadOnlyList<SuppressionInput> ToInputs() =>
        [.. (Entries ?? string.Empty).Split(['\n', ',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => new SuppressionInput(e, Reason, null))];
}
