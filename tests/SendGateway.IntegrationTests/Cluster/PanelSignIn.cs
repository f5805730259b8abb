using System.Text.RegularExpressions;

namespace SendGateway.IntegrationTests.Cluster;

/// <summary>The panel's sign-in forms driven with plain HTTP, each step on whichever node the test names.</summary>
public static partial class PanelSignIn
{
    /// <summary>GET a form page: its antiforgery cookie (name=value) and the form's token.</summary>
    public static async Task<(string Cookie, string Token)> FormAsync(HttpClient node, string path, string? cookies = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        var response = await node.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
        return (SetCookie(response, "sg_panel_af") ?? string.Empty, Token().Match(body).Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient node, string path, string cookies, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Cookie", cookies);
        return await node.SendAsync(request);
    }

    /// <summary>A cookie the response sets, as name=value; null when it sets none of that name.</summary>
    public static string? SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))?.Split(';')[0]
            : null;

    public static string Join(params string?[] cookies) => string.Join("; ", cookies.Where(c => !string.IsNullOrEmpty(c)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
