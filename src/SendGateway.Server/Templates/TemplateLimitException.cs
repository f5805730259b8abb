namespace SendGateway.Server.Templates;

/// <summary>A render went past one of <see cref="TemplatesOptions"/>' bounds (output size, time).</summary>
internal sealed class TemplateLimitException(string message) : Exception(message);
