using System.Globalization;
using System.Net;

namespace SendGateway.Sink;

/// <summary>
/// The sink's command line. Without the refusal options it is the capture sink of <c>make run</c>; with them it is the
/// "smart sink" of <c>make bench-kumo</c>: some recipients refused at RCPT, temporarily or permanently (seeded), and with
/// <see cref="Discard"/> messages only counted, never written.
/// </summary>
public sealed record SinkOptions
{
    public IPEndPoint Listen { get; init; } = IPEndPoint.Parse("127.0.0.1:2555");

    /// <summary>Where accepted messages are written as .eml files (unused with <see cref="Discard"/>).</summary>
    public string Directory { get; init; } = Path.GetFullPath("mail");

    /// <summary>Share of recipients answered <c>451 4.3.0</c>, 0–100.</summary>
    public double TemporaryPercent { get; init; }

    /// <summary>Share of recipients answered <c>550 5.1.1</c>, 0–100 (together with the temporary share at most 100).</summary>
    public double PermanentPercent { get; init; }

    /// <summary>Count accepted messages and write nothing: no file I/O per message.</summary>
    public bool Discard { get; init; }

    /// <summary>Seed of the refusal draws, so a run can be repeated.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How often a counts line is written to standard output when the counts changed; zero: never.</summary>
    public TimeSpan CountsInterval { get; init; }

    public static SinkOptions Parse(string[] args)
    {
        var options = new SinkOptions
        {
            Listen = IPEndPoint.Parse(Value(args, "--listen") ?? "127.0.0.1:2555"),
            Directory = Path.GetFullPath(Value(args, "--dir") ?? "mail"),
            TemporaryPercent = Number(args, "--temporary-percent"),
            PermanentPercent = Number(args, "--permanent-percent"),
            Discard = args.Contains("--discard"),
            Seed = (int)Number(args, "--seed", 1),
            CountsInterval = TimeSpan.FromMilliseconds(Number(args, "--counts-interval-ms")),
        };
        if (options.TemporaryPercent < 0 || options.PermanentPercent < 0 || options.TemporaryPercent + options.PermanentPercent > 100)
        {
            throw new ArgumentException("--temporary-percent and --permanent-percent are 0-100 and add up to at most 100");
        }

        return options;
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static double Number(string[] args, string name, double fallback = 0) =>
        Value(args, name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
