using SendGateway.Server.Bounces;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// Applies the rules file's classification to an attempt's outcome: the first rule matching the reply (whatever its
/// action) gives the event its bounce class, when the rule names one, and its hint (<c>smtp.hint</c>). A permanent
/// failure's type follows a new bounce class as the classifier's does (spam and policy classes are a <c>spambounce</c>).
/// Replies from hosts of no provider are matched by the rules that name none. Nothing is allocated when no rule matches.
/// </summary>
internal static class ReplyClassification
{
    public static DeliveryOutcome Apply(ShapingRuleSet rules, string? provider, DeliveryOutcome outcome)
    {
        if (rules.Rules.Count == 0
            || outcome.Type is not (EventTypes.SoftBounce or EventTypes.HardBounce or EventTypes.SpamBounce)
            || outcome.Smtp is not { Response: { } text } smtp
            || rules.Match(provider, smtp.Code, smtp.EnhancedCode, text) is not { } rule
            || (rule.BounceClass is null && rule.Hint is null))
        {
            return outcome;
        }

        var type = outcome.Type == EventTypes.SoftBounce || rule.BounceClass is null ? outcome.Type
            : rule.BounceClass is BounceClasses.SpamBlock or BounceClasses.SpamContent or BounceClasses.PolicyRelated ? EventTypes.SpamBounce
            : EventTypes.HardBounce;
        return outcome with
        {
            Type = type,
            BounceClass = rule.BounceClass ?? outcome.BounceClass,
            Smtp = rule.Hint is null ? smtp : smtp with { Hint = rule.Hint },
        };
    }
}
