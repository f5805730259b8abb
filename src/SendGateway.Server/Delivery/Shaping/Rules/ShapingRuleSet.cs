namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// The rules in effect (the shipped file with the operator's file over it): providers by MX host pattern with their limits,
/// and reply patterns with their actions, first match wins. Immutable: a reload builds a new set.
/// </summary>
internal sealed record ShapingRuleSet(string Version, IReadOnlyList<ShapingProvider> Providers, IReadOnlyList<ReplyRule> Rules)
{
    public static readonly ShapingRuleSet Empty = new("none", [], []);

    /// <summary>The provider whose MX patterns match <paramref name="mxHost"/>, or null.</summary>
    public ShapingProvider? ProviderOf(string mxHost)
    {
        for (var i = 0; i < Providers.Count; i++) // by index: no enumerator on every attempt
        {
            if (Providers[i].Matches(mxHost))
            {
                return Providers[i];
            }
        }

        return null;
    }

    /// <summary>The first rule matching a reply from <paramref name="provider"/> (null: a host of no provider), or null.</summary>
    public ReplyRule? Match(string? provider, int? code, string? enhancedCode, string text)
    {
        for (var i = 0; i < Rules.Count; i++) // by index: no enumerator on every outcome
        {
            if (Rules[i].Matches(provider, code, enhancedCode, text))
            {
                return Rules[i];
            }
        }

        return null;
    }
}
