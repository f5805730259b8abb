using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace SendGateway.Server.TlsReports;

/// <summary>
/// Writes the aggregate report of RFC 8460 §4.4 in its order of fields: organization-name, date-range (the whole UTC
/// day, RFC 3339), contact-info, report-id, and per policy its type, strings, domain and MX hosts (an array: the
/// section's "list of MX hosts", as the large receivers read it), the summary and the failure details. Then gzip.
/// </summary>
internal static class TlsReportBuilder
{
    public static TlsReport Build(
        string organization, string contact, string submitter, string domain, DateOnly day, IReadOnlyList<PolicyCounts> policies)
    {
        var reportId = $"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}_{domain}";
        var report = new TlsReport(domain, day, submitter, reportId, [], []);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("organization-name", organization);
            json.WriteStartObject("date-range");
            json.WriteString("start-datetime", report.Begin.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("end-datetime", report.End.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteString("contact-info", contact);
            json.WriteString("report-id", reportId);
            json.WriteStartArray("policies");
            foreach (var counts in policies)
            {
                WritePolicy(json, domain, counts);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var bytes = buffer.ToArray();
        return report with { Json = bytes, Gzip = Compress(bytes) };
    }

    private static void WritePolicy(Utf8JsonWriter json, string domain, PolicyCounts counts)
    {
        json.WriteStartObject();
        json.WriteStartObject("policy");
        json.WriteString("policy-type", counts.Policy.Type);
        if (counts.Policy.Strings.Count > 0)
        {
            json.WriteStartArray("policy-string");
            counts.Policy.Strings.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
        }

        json.WriteString("policy-domain", domain);
        if (counts.Policy.MxHosts.Count > 0)
        {
            json.WriteStartArray("mx-host");
            counts.Policy.MxHosts.ToList().ForEach(json.WriteStringValue);
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteStartObject("summary");
        json.WriteNumber("total-successful-session-count", counts.Successes);
        json.WriteNumber("total-failure-session-count", counts.Failures);
        json.WriteEndObject();
        if (counts.Details.Count > 0)
        {
            json.WriteStartArray("failure-details");
            foreach (var (failure, sessions) in counts.Details)
            {
                json.WriteStartObject();
                json.WriteString("result-type", failure.ResultType);
                WriteIfSet(json, "sending-mta-ip", failure.SendingIp);
                WriteIfSet(json, "receiving-mx-hostname", failure.ReceivingMx);
                WriteIfSet(json, "receiving-mx-helo", failure.ReceivingHelo);
                WriteIfSet(json, "receiving-ip", failure.ReceivingIp);
                json.WriteNumber("failed-session-count", sessions);
                WriteIfSet(json, "additional-information", failure.Information);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }

    private static byte[] Compress(byte[] json)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }
}
