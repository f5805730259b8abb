using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// <c>SendGateway:Delivery:ShapingRules</c>: the rules file that recognises mailbox providers by their MX hosts (with their
/// limits) and acts on their replies (classify, throttle, suspend). The shipped rules are built into the program; the
/// operator's file, when set, is laid over them and read again whenever its content changes.
/// </summary>
public sealed class ShapingRulesOptions
{
    /// <summary>Recognise providers and act on replies by the rules; off: static shaping only (<c>Delivery:Shaping</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The operator's rules file (YAML, the shipped file's format): its providers replace shipped ones of the same name,
    /// its rules come before the shipped ones. Each node reads its own copy. Empty: the shipped rules only.
    /// </summary>
    public string? OperatorFile { get; set; }

    /// <summary>How often the operator's file is read to see whether its content changed (a changed file is validated and applied).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A rules file larger than this is refused.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 1024 * 1024;

    /// <summary>Providers in one file, and in the shipped and operator's files together.</summary>
    [Range(1, 10_000)]
    public int MaxProviders { get; set; } = 500;

    /// <summary>Reply rules in one file, and in the shipped and operator's files together.</summary>
    [Range(1, 10_000)]
    public int MaxRules { get; set; } = 1000;

    /// <summary>The most time a rule's <c>text</c> pattern may take on one reply (a slower match counts as no match).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan RegexTimeout { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest <c>hint</c> a rule may give (it travels on every event the rule matches).</summary>
    [Range(16, 4000)]
    public int MaxHintLength { get; set; } = 1000;

    /// <summary>The longest <c>duration</c> a throttle or suspend rule may give.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxActionDuration { get; set; } = TimeSpan.FromDays(7);
}
