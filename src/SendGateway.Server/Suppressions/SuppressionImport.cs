namespace SendGateway.Server.Suppressions;

/// <summary>
/// How a CSV import ended: <see cref="Imported"/> entries written, or nothing and the refused lines with why (at most
/// <see cref="SuppressionChanges.MaxReportedErrors"/>, out of <see cref="RefusedLines"/>), or <see cref="TooManyLines"/>.
/// </summary>
internal sealed record SuppressionImport(int Imported, int RefusedLines, Dictionary<string, string[]> Errors, bool TooManyLines = false);
