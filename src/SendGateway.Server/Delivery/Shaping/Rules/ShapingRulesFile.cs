using System.Collections.Frozen;
using System.Text.RegularExpressions;
using SendGateway.Server.Bounces;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// One rules file, read and checked on its own (the shipped one or the operator's): its version, providers and rules in
/// file order. What needs both files (a rule naming a provider of the other file) is checked by <see cref="ShapingRulesLoader"/>.
/// </summary>
internal sealed partial record ShapingRulesFile(string Name, string Version, IReadOnlyList<ShapingProvider> Providers, IReadOnlyList<ReplyRule> Rules)
{
    private static readonly FrozenSet<string> KnownBounceClasses = typeof(BounceClasses)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => (string)f.GetRawConstantValue()!).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="text"/> (the content of <paramref name="name"/>); throws <see cref="ShapingRulesException"/> on the first problem.</summary>
    public static ShapingRulesFile Parse(string name, string text, ShapingRulesOptions options)
    {
        var yaml = new RulesYaml(name, options);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ShapingRulesException(name, (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw new ShapingRulesException(name, 1, "the file must hold exactly one YAML document.");
        }

        var root = yaml.Mapping(stream.Documents[0].RootNode, "the file", "version", "providers", "rules");
        if (!root.TryGetValue("version", out var versionNode))
        {
            throw yaml.Error(stream.Documents[0].RootNode, "the file has no 'version' (a text, e.g. \"2026.12.1\").");
        }

        var version = yaml.String(versionNode, "version");
        var providers = root.TryGetValue("providers", out var providersNode) ? ReadProviders(yaml, providersNode) : [];
        var rules = root.TryGetValue("rules", out var rulesNode) ? ReadRules(yaml, rulesNode) : [];
        return new ShapingRulesFile(name, version, providers, rules);
    }

    private static List<ShapingProvider> ReadProviders(RulesYaml yaml, YamlNode node)
    {
        var items = yaml.Sequence(node, "providers");
        var providers = new List<ShapingProvider>(items.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (providers.Count == yaml.Options.MaxProviders)
            {
                throw yaml.Error(item, $"more than {yaml.Options.MaxProviders} providers (MaxProviders).");
            }

            var fields = yaml.Mapping(item, "a provider", "name", "mx", "limits");
            var name = ProviderName(yaml, fields, item);
            if (!names.Add(name))
            {
                throw yaml.Error(fields["name"], $"provider '{name}' is defined twice in this file.");
            }

            if (!fields.TryGetValue("mx", out var mxNode))
            {
                throw yaml.Error(item, $"provider '{name}' has no 'mx' patterns.");
            }

            var patterns = yaml.Sequence(mxNode, $"provider '{name}': mx");
            if (patterns.Count == 0)
            {
                throw yaml.Error(mxNode, $"provider '{name}' has no 'mx' patterns.");
            }

            var mx = patterns.Select(p => MxPattern(yaml, p, name)).ToList();
            var limits = fields.TryGetValue("limits", out var limitsNode) ? Limits(yaml, limitsNode, name) : new ProviderLimits();
            providers.Add(new ShapingProvider(name, mx, limits) { Line = RulesYaml.Line(item) });
        }

        return providers;
    }

    private static string ProviderName(RulesYaml yaml, IReadOnlyDictionary<string, YamlNode> fields, YamlNode item)
    {
        if (!fields.TryGetValue("name", out var node))
        {
            throw yaml.Error(item, "a provider has no 'name'.");
        }

        var name = yaml.String(node, "a provider's name");
        return ProviderNamePattern().IsMatch(name) ? name : throw yaml.Error(node, $"provider name '{name}' must be 1 to 40 of a-z, 0-9, _ and -.");
    }

    private static string MxPattern(RulesYaml yaml, YamlNode node, string provider)
    {
        var pattern = yaml.String(node, $"provider '{provider}': an mx pattern").TrimEnd('.').ToLowerInvariant();
        var host = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        return HostPattern().IsMatch(host)
            ? pattern
            : throw yaml.Error(node, $"provider '{provider}': mx pattern '{pattern}' must be a host name or '*.' followed by one (e.g. \"*.yahoodns.net\").");
    }

    private static ProviderLimits Limits(RulesYaml yaml, YamlNode node, string provider)
    {
        var fields = yaml.Mapping(node, $"provider '{provider}': limits", "connections", "messages_per_connection", "messages_per_minute_per_source");
        int Read(string key, int max) => fields.TryGetValue(key, out var value) ? yaml.Integer(value, $"provider '{provider}': {key}", 0, max) : 0;
        return new ProviderLimits(Read("connections", 10_000), Read("messages_per_connection", 1_000_000), Read("messages_per_minute_per_source", 10_000_000));
    }

    private static List<ReplyRule> ReadRules(RulesYaml yaml, YamlNode node)
    {
        var items = yaml.Sequence(node, "rules");
        var rules = new List<ReplyRule>(items.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (rules.Count == yaml.Options.MaxRules)
            {
                throw yaml.Error(item, $"more than {yaml.Options.MaxRules} rules (MaxRules).");
            }

            var rule = Rule(yaml, item);
            if (!names.Add(rule.Name))
            {
                throw yaml.Error(item, $"rule '{rule.Name}' is defined twice in this file.");
            }

            rules.Add(rule);
        }

        return rules;
    }

    private static ReplyRule Rule(RulesYaml yaml, YamlNode item)
    {
        var fields = yaml.Mapping(item, "a rule", "name", "provider", "code", "enhanced_code", "text", "action", "duration", "limit", "bounce_class", "hint");
        var name = fields.TryGetValue("name", out var nameNode) ? yaml.String(nameNode, "a rule's name") : throw yaml.Error(item, "a rule has no 'name'.");
        if (!RuleNamePattern().IsMatch(name))
        {
            throw yaml.Error(nameNode!, $"rule name '{name}' must be 1 to 64 of a-z, A-Z, 0-9, _, . and -.");
        }

        string? Text(string key) => fields.TryGetValue(key, out var value) ? yaml.String(value, $"rule '{name}': {key}") : null;
        var code = fields.TryGetValue("code", out var codeNode) ? yaml.Integer(codeNode, $"rule '{name}': code", 200, 599) : (int?)null;
        var enhanced = Text("enhanced_code");
        if (enhanced is not null && !EnhancedCodePattern().IsMatch(enhanced))
        {
            throw yaml.Error(fields["enhanced_code"], $"rule '{name}': enhanced_code '{enhanced}' must look like 4.7.0 (class 2, 4 or 5).");
        }

        var action = (fields.TryGetValue("action", out var actionNode) ? yaml.String(actionNode, $"rule '{name}': action") : null) switch
        {
            "classify" => ReplyAction.Classify,
            "throttle" => ReplyAction.Throttle,
            "suspend" => ReplyAction.Suspend,
            null => throw yaml.Error(item, $"rule '{name}' has no 'action' (classify, throttle or suspend)."),
            var other => throw yaml.Error(actionNode!, $"rule '{name}': action '{other}' must be classify, throttle or suspend."),
        };
        var bounceClass = Text("bounce_class");
        if (bounceClass is not null && !KnownBounceClasses.Contains(bounceClass))
        {
            throw yaml.Error(fields["bounce_class"], $"rule '{name}': bounce_class '{bounceClass}' is not one of {string.Join(", ", KnownBounceClasses.Order(StringComparer.Ordinal))}.");
        }

        var hint = Text("hint");
        if (hint is not null && hint.Length > yaml.Options.MaxHintLength)
        {
            throw yaml.Error(fields["hint"], $"rule '{name}': hint is longer than {yaml.Options.MaxHintLength} characters (MaxHintLength).");
        }

        var needless = action switch
        {
            ReplyAction.Classify => fields.ContainsKey("duration") ? "duration" : fields.ContainsKey("limit") ? "limit" : null,
            ReplyAction.Suspend => fields.ContainsKey("limit") ? "limit" : null,
            _ => null,
        };
        if (needless is not null)
        {
            throw yaml.Error(fields[needless], $"rule '{name}': a {action.ToString().ToLowerInvariant()} rule takes no {needless}.");
        }

        if (code is null && enhanced is null && !fields.ContainsKey("text"))
        {
            throw yaml.Error(item, $"rule '{name}' matches every reply: give it a code, an enhanced_code or a text.");
        }

        return new ReplyRule(name, Text("provider"), code, enhanced, TextPattern(yaml, fields, name), action)
        {
            Duration = action == ReplyAction.Classify ? TimeSpan.Zero
                : fields.TryGetValue("duration", out var duration) ? yaml.Duration(duration, $"rule '{name}': duration")
                : throw yaml.Error(item, $"rule '{name}': a {action.ToString().ToLowerInvariant()} rule needs a 'duration' (e.g. 1h)."),
            ThrottlePerMinute = action != ReplyAction.Throttle ? 0
                : fields.TryGetValue("limit", out var limit) ? yaml.Integer(limit, $"rule '{name}': limit", 1, 1_000_000)
                : throw yaml.Error(item, $"rule '{name}': a throttle rule needs a 'limit' (attempts per minute)."),
            BounceClass = bounceClass,
            Hint = hint,
            Line = RulesYaml.Line(item),
        };
    }

    private static Regex? TextPattern(RulesYaml yaml, IReadOnlyDictionary<string, YamlNode> fields, string name)
    {
        if (!fields.TryGetValue("text", out var node))
        {
            return null;
        }

        var pattern = yaml.String(node, $"rule '{name}': text");
        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, yaml.Options.RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw yaml.Error(node, $"rule '{name}': text is not a valid regular expression: {e.Message}");
        }
    }

    [GeneratedRegex("^[a-z0-9_-]{1,40}$")]
    private static partial Regex ProviderNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex RuleNamePattern();

    [GeneratedRegex(@"^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[245]\.[0-9]{1,3}\.[0-9]{1,3}$")]
    private static partial Regex EnhancedCodePattern();
}
