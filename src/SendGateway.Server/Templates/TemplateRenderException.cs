namespace SendGateway.Server.Templates;

/// <summary>A queued message's template no longer renders (a limit lowered since it was accepted): it is dropped, not retried.</summary>
internal sealed class TemplateRenderException(string message) : Exception(message);
