namespace SendGateway.Server.Panel.Shell;

/// <summary>One link of the navigation: shown to whoever <see cref="Policy"/> lets in; <see cref="PanelPolicies.Operator"/> links form the operator console's.</summary>
internal sealed record PanelNavLink(string Href, string Label, string Policy, int Order)
{
    public bool IsOperator => Policy == PanelPolicies.Operator;
}
