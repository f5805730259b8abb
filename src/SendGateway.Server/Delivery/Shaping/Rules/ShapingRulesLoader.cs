using System.Text;

namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// Builds the rules in effect from the shipped file (built into the program) and the operator's file over it: the
/// operator's providers first, then the shipped ones of other names; the operator's rules first, then the shipped
/// ones of other names. Every problem is a <see cref="ShapingRulesException"/> naming the file and the line.
/// </summary>
internal static class ShapingRulesLoader
{
    /// <summary>The name the shipped file goes by in logs and errors.</summary>
    public const string ShippedName = "shaping-rules.yaml (shipped)";

    public static ShapingRulesFile Shipped(ShapingRulesOptions options)
    {
        using var stream = typeof(ShapingRulesLoader).Assembly.GetManifestResourceStream("SendGateway.Server.Delivery.Shaping.Rules.shaping-rules.yaml")
            ?? throw new InvalidOperationException("The shipped shaping-rules.yaml is missing from the program's resources.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return ShapingRulesFile.Parse(ShippedName, reader.ReadToEnd(), options);
    }

    /// <summary>The operator's file's bytes, refused past <see cref="ShapingRulesOptions.MaxFileBytes"/> (the line where the limit falls).</summary>
    public static byte[] Read(string path, ShapingRulesOptions options)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[Math.Min(options.MaxFileBytes + 1, Math.Max(file.Length + 1, 4096))];
            var read = 0;
            while (read < buffer.Length && file.Read(buffer, read, buffer.Length - read) is var n and > 0)
            {
                read += n;
            }

            if (read > options.MaxFileBytes)
            {
                var line = 1 + buffer.AsSpan(0, (int)options.MaxFileBytes).Count((byte)'\n');
                throw new ShapingRulesException(path, line, $"the file is larger than {options.MaxFileBytes} bytes (MaxFileBytes); the limit falls on this line.");
            }

            return buffer[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ShapingRulesException(path, 0, $"cannot be read: {e.Message}");
        }
    }

    /// <summary>Parses the operator's file's content (UTF-8).</summary>
    public static ShapingRulesFile Parse(string path, byte[] content, ShapingRulesOptions options) =>
        ShapingRulesFile.Parse(path, Encoding.UTF8.GetString(content), options);

    public static ShapingRuleSet Merge(ShapingRulesFile shipped, ShapingRulesFile? operatorFile, ShapingRulesOptions options)
    {
        if (operatorFile is null)
        {
            CheckProviders(shipped, shipped.Providers.Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
            return new ShapingRuleSet(shipped.Version, shipped.Providers, shipped.Rules);
        }

        var ownProviders = operatorFile.Providers.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var providers = operatorFile.Providers.Concat(shipped.Providers.Where(p => !ownProviders.Contains(p.Name))).ToList();
        var ownRules = operatorFile.Rules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var rules = operatorFile.Rules.Concat(shipped.Rules.Where(r => !ownRules.Contains(r.Name))).ToList();
        if (providers.Count > options.MaxProviders)
        {
            throw new ShapingRulesException(operatorFile.Name, operatorFile.Providers[0].Line,
                $"with the shipped file's, more than {options.MaxProviders} providers (MaxProviders).");
        }

        if (rules.Count > options.MaxRules)
        {
            throw new ShapingRulesException(operatorFile.Name, operatorFile.Rules[0].Line, $"with the shipped file's, more than {options.MaxRules} rules (MaxRules).");
        }

        var names = providers.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        CheckProviders(shipped, names);
        CheckProviders(operatorFile, names);
        return new ShapingRuleSet($"{shipped.Version}, operator {operatorFile.Version}", providers, rules);
    }

    /// <summary>Every rule of <paramref name="file"/> that names a provider names one of <paramref name="providers"/>.</summary>
    private static void CheckProviders(ShapingRulesFile file, HashSet<string> providers)
    {
        foreach (var rule in file.Rules)
        {
            if (rule.Provider is { } name && !providers.Contains(name))
            {
                throw new ShapingRulesException(file.Name, rule.Line, $"rule '{rule.Name}' names provider '{name}', which no rules file defines.");
            }
        }
    }
}
