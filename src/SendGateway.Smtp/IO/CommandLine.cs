namespace SendGateway.Smtp.IO;

/// <summary>The outcome of reading one command line.</summary>
public readonly record struct CommandLine(string? Text, bool TooLong, bool Closed, bool BadUtf8 = false);
