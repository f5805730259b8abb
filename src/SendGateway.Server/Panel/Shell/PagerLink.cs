namespace SendGateway.Server.Panel.Shell;

/// <summary>A list page's "next" link: its path with the filters that have a value and the cursor.</summary>
internal static class PagerLink
{
    public static string To(string path, params (string Key, string? Value)[] query) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(
            path, query.Where(q => !string.IsNullOrWhiteSpace(q.Value)).Select(q => KeyValuePair.Create(q.Key, q.Value)));
}
