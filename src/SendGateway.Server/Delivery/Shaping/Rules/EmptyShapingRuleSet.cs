namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>No rules: no provider is recognised and no reply acts (static shaping only).</summary>
internal sealed class EmptyShapingRuleSet : IShapingRuleSet
{
    public ShapingRuleSet Current => ShapingRuleSet.Empty;
}
