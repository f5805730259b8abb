namespace SendGateway.Server.Panel.Shell;

/// <summary>One line of a <see cref="LineChart"/>: a name for the legend, a colour, a value per label.</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<long> Values);
