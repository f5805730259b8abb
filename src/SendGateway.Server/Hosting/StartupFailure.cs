using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Hosting;

/// <summary>
/// Turns a configuration failure at start into lines an operator can act on: the key (<c>SendGateway:Delivery:Retry:FirstDelay</c>),
/// what is wrong and, where there is one, the command that fixes it. Any other exception is not described (it stays a crash).
/// </summary>
internal static partial class StartupFailure
{
    private const string MasterKeyHint =
        " Make one with `head -c 32 /dev/urandom | base64` and set it as SendGateway__Secrets__MasterKey (keep it: it opens every stored secret).";

    public static IReadOnlyList<string>? Describe(Exception exception) => exception switch
    {
        InvalidConfigurationException e => [e.Message],
        OptionsValidationException e => [.. Lines(e)],
        AggregateException e when e.InnerExceptions.All(i => i is OptionsValidationException) => [.. e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(Lines)],
        _ => null,
    };

    private static IEnumerable<string> Lines(OptionsValidationException e)
    {
        var section = ValidatedOptions.SectionOf(e.OptionsType) ?? e.OptionsType.Name;
        foreach (var failure in e.Failures)
        {
            var match = DataAnnotationFailure().Match(failure);
            if (!match.Success)
            {
                yield return $"Invalid configuration in {section}: {failure}";
                continue;
            }

            // 'DeliveryOptions.Retry' + 'FirstDelay' → SendGateway:Delivery:Retry:FirstDelay (list items: Servers[0] → Servers:0).
            var path = match.Groups["path"].Value;
            var nested = path.Contains('.', StringComparison.Ordinal) ? path[(path.IndexOf('.', StringComparison.Ordinal) + 1)..] : string.Empty;
            var prefix = nested.Length == 0 ? section : $"{section}:{nested.Replace('.', ':').Replace("[", ":", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal)}";
            var members = match.Groups["members"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(m => m.Trim('\''));
            var keys = string.Join(", ", members.Select(m => $"{prefix}:{m}"));
            var error = match.Groups["error"].Value;
            var hint = keys.EndsWith("Secrets:MasterKey", StringComparison.Ordinal) ? MasterKeyHint : string.Empty;
            yield return $"Invalid configuration: {keys}: {error}{hint}";
        }
    }

    [GeneratedRegex(@"^DataAnnotation validation failed for '(?<path>[^']+)' members: (?<members>.+?) with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
