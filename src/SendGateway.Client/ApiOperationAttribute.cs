namespace SendGateway.Client;

/// <summary>Names the API operation (the OpenAPI <c>operationId</c>, method and path) a client method calls.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ApiOperationAttribute(string operationId, string method, string path) : Attribute
{
    /// <summary>The OpenAPI <c>operationId</c>, e.g. <c>SendMessage</c>.</summary>
    public string OperationId { get; } = operationId;

    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public string Method { get; } = method;

    /// <summary>The path template, e.g. <c>/v1/messages</c>.</summary>
    public string Path { get; } = path;
}
