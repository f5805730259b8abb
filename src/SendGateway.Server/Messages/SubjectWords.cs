using System.Text;
using System.Text.RegularExpressions;

namespace SendGateway.Server.Messages;

/// <summary>
/// Subject search text as a PostgreSQL full-text query (the <c>simple</c> configuration, as the index of 0036): each word
/// of letters and digits a prefix (<c>word:*</c>), all of them required. Only letters and digits reach the query, so no
/// input can be tsquery syntax; at most <see cref="MaxWords"/> words of at most <see cref="MaxWordLength"/> characters.
/// </summary>
internal static partial class SubjectWords
{
    public const int MaxWords = 8;
    public const int MaxWordLength = 64;

    /// <summary>Longer search text is cut before it is read.</summary>
    public const int MaxTextLength = 1000;

    /// <summary>The query, or null when the text holds no word.</summary>
    public static string? ToQuery(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var query = new StringBuilder();
        foreach (var word in Word().Matches(text.Length > MaxTextLength ? text[..MaxTextLength] : text).Select(m => m.Value).Take(MaxWords))
        {
            query.Append(query.Length == 0 ? string.Empty : " & ").Append(word.Length > MaxWordLength ? word[..MaxWordLength] : word).Append(":*");
        }

        return query.Length == 0 ? null : query.ToString();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Word();
}
