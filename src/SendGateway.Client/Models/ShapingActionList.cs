namespace SendGateway.Client;

/// <summary>The API's <c>ShapingActionList</c> object: the shaping actions in effect and the rules version of the answering node.</summary>
public sealed record ShapingActionList
{
    /// <summary>JSON <c>rules_version</c>.</summary>
    public string? RulesVersion { get; init; }

    /// <summary>JSON <c>actions</c>, the soonest to end first.</summary>
    public IReadOnlyList<ShapingAction>? Actions { get; init; }
}
