namespace SendGateway.Server.Tests.Docs;

/// <summary>
/// One row of docs/reliability.md: a case of the reliability catalogue, the section it sits under, the tests it names
/// (<c>Class.Method</c>), its verdict and what the last column says (what is not covered, or why).
/// </summary>
public sealed record ReliabilityMapRow(string Case, char Section, IReadOnlyList<(string Class, string Method)> Tests, string Verdict, string Note, int Line);
