namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>The rules in effect on this node, swapped whole by a reload (<see cref="EmptyShapingRuleSet"/> until the rules file is loaded).</summary>
internal interface IShapingRuleSet
{
    ShapingRuleSet Current { get; }
}
