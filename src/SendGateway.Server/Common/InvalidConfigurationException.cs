namespace SendGateway.Server.Common;

/// <summary>A setting is missing or wrong; the message names the key and how to fix it. Stops the process in one line.</summary>
internal sealed class InvalidConfigurationException(string message) : Exception(message);
