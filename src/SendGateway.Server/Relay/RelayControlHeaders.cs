using System.Globalization;
using System.Text.Json;
using MimeKit;
using SendGateway.Server.Messages;

namespace SendGateway.Server.Relay;

/// <summary>
/// The X-SG-* control headers of api.md §3, read from a submitted message and removed from it before it is queued:
/// <c>X-SG-Tags: a, b</c>, <c>X-SG-Metadata: {json}</c>, <c>X-SG-Track</c>, <c>X-SG-IP-Pool</c>, <c>X-SG-Send-At</c>,
/// <c>X-Idempotency-Key</c>, <c>X-SG-Max-Delivery-Seconds</c> (the message's own lifetime, <see cref="MessageLifetime"/>),
/// <c>X-SG-Stream</c> (the message stream; else the credentials' default stream), and <c>X-SG-Template</c> (a stored template's id, optionally with <c>X-SG-Template-Version</c>) with
/// <c>X-SG-Vars: {json}</c>. A malformed one is an error naming the header, never silently ignored.
/// </summary>
internal sealed record RelayControlHeaders(
    List<string>? Tags, Dictionary<string, string>? Metadata, DateTimeOffset? SendAt, string? IdempotencyKey, string? Error, string? IpPool = null,
    string? TemplateId = null, int? TemplateVersion = null, Dictionary<string, JsonElement>? Vars = null, bool? TrackOpens = null, bool? TrackClicks = null,
    bool? Unsubscribe = null, TimeSpan? Lifetime = null, string? Stream = null)
{
    public static readonly string[] Names =
        ["X-SG-Tags", "X-SG-Metadata", "X-SG-Track", "X-SG-IP-Pool", "X-SG-Send-At", "X-Idempotency-Key", "X-SG-Template", "X-SG-Template-Version", "X-SG-Vars", "X-SG-Unsubscribe", "X-SG-Max-Delivery-Seconds", "X-SG-Stream"];

    /// <summary>A message without control headers.</summary>
    public static readonly RelayControlHeaders None = new(null, null, null, null, null);

    public static bool AnyIn(HeaderList headers) => Names.Any(headers.Contains);

    /// <summary>Reads the control headers; the caller removes them (<see cref="RemoveFrom"/>) from what it queues.</summary>
    public static RelayControlHeaders Read(HeaderList headers, MessagesOptions limits, TimeSpan maxLifetime, DateTimeOffset now)
    {
        string? Value(string name) => headers[name] is { Length: > 0 } v ? v.Trim() : null;
        List<string>? tags = null;
        Dictionary<string, string>? metadata = null;
        DateTimeOffset? sendAt = null;
        string? error = null;

        if (Value("X-SG-Tags") is { } tagList)
        {
            tags = tagList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
            if (tags.Count > limits.MaxTags || tags.Any(t => t.Length > 100))
            {
                error = $"X-SG-Tags: at most {limits.MaxTags} tags of up to 100 characters";
            }
        }

        if (Value("X-SG-Metadata") is { } json)
        {
            try
            {
                metadata = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
                if (metadata is null || metadata.Count > limits.MaxMetadataKeys)
                {
                    error = $"X-SG-Metadata: a JSON object of at most {limits.MaxMetadataKeys} string values";
                }
            }
            catch (JsonException)
            {
                error = "X-SG-Metadata: not a JSON object of string values";
            }
        }

        if (Value("X-SG-Send-At") is { } when)
        {
            if (!DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || at > now + limits.MaxScheduleAhead)
            {
                error = $"X-SG-Send-At: an RFC 3339 time at most {limits.MaxScheduleAhead.TotalHours:0} hours ahead";
            }
            else if (at > now)
            {
                sendAt = at;
            }
        }

        TimeSpan? lifetime = null;
        if (Value("X-SG-Max-Delivery-Seconds") is { } seconds)
        {
            (lifetime, var lifetimeError) = long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var asked)
                ? MessageLifetime.Check(asked, sendAt, now, limits.MinMessageLifetime, maxLifetime, "X-SG-Max-Delivery-Seconds")
                : (null, "X-SG-Max-Delivery-Seconds: a whole number of seconds");
            error = lifetimeError ?? error;
        }

        var idempotencyKey = Value("X-Idempotency-Key");
        if (idempotencyKey is { Length: > 256 })
        {
            error = "X-Idempotency-Key: at most 256 characters";
        }

        var ipPool = Value("X-SG-IP-Pool");
        if (ipPool is { Length: > 63 })
        {
            error = "X-SG-IP-Pool: a pool name of at most 63 characters";
        }

        var templateId = Value("X-SG-Template");
        if (templateId is { Length: > 100 })
        {
            error = "X-SG-Template: a template id of at most 100 characters";
        }

        int? templateVersion = null;
        if (Value("X-SG-Template-Version") is { } versionText)
        {
            if (templateId is null || !int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                error = "X-SG-Template-Version: a version number, with X-SG-Template";
            }
            else
            {
                templateVersion = version;
            }
        }

        Dictionary<string, JsonElement>? vars = null;
        if (Value("X-SG-Vars") is { } varsJson)
        {
            try
            {
                vars = templateId is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(varsJson);
                error ??= vars is null ? "X-SG-Vars: a JSON object, with X-SG-Template" : null;
            }
            catch (JsonException)
            {
                error = "X-SG-Vars: not a JSON object";
            }
        }

        bool? opens = null, clicks = null;
        if (Value("X-SG-Track") is { } track)
        {
            var words = track.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(w => w.ToLowerInvariant()).ToHashSet();
            if (words.Count == 0 || !words.IsSubsetOf(["opens", "clicks", "none"]) || (words.Contains("none") && words.Count > 1))
            {
                error = "X-SG-Track: opens, clicks, both (opens, clicks) or none";
            }
            else
            {
                (opens, clicks) = (words.Contains("opens"), words.Contains("clicks"));
            }
        }

        bool? unsubscribe = null;
        if (Value("X-SG-Unsubscribe") is { } unsubscribeMode)
        {
            unsubscribe = unsubscribeMode.ToLowerInvariant() switch { "off" => false, "on" => true, _ => null };
            error ??= unsubscribe is null ? "X-SG-Unsubscribe: on or off" : null;
        }

        var stream = Value("X-SG-Stream");
        if (stream is not null && !Streams.StreamInput.IsId(stream))
        {
            error = "X-SG-Stream: a stream id (lower-case letters, digits, '-' and '_')";
        }

        return new RelayControlHeaders(tags, metadata, sendAt, idempotencyKey, error, ipPool, templateId, templateVersion, vars, opens, clicks, unsubscribe, lifetime, stream);
    }

    public static void RemoveFrom(HeaderList headers)
    {
        foreach (var name in Names)
        {
            headers.RemoveAll(name);
        }
    }
}
