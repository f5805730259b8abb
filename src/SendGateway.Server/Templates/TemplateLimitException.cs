namespace SendGateway.Server.Templates;

/// <summary>A render went past one of <see cref="TemplatesOptions"/>' bounds (output size, time).</summary>
public sealed class TemplateLimitException(string message) : Exception(message);
