using System.Reflection;
using System.Text.Json;

namespace SendGateway.Client.Tests;

/// <summary>
/// The client keeps up with the API: every operation of the checked-in OpenAPI document (itself kept equal to the
/// server's by <c>TheOpenApiDocumentMatchesTheCheckedInSpec</c>) has exactly one client method, marked with its
/// operationId, method and path; a new route without one fails here.
/// </summary>
public sealed class EveryOperationHasAClientMethodTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private static List<(string Id, string Method, string Path)> Operations()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SendGateway.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("SendGateway.sln not found above the test's folder");
        }

        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "api-spec", "sendgateway-v1.json")));
        var operations = new List<(string, string, string)>();
        foreach (var path in spec.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)))
            {
                operations.Add((method.Value.GetProperty("operationId").GetString()!, method.Name.ToUpperInvariant(), path.Name));
            }
        }

        return operations;
    }

    private static List<(MethodInfo Method, ApiOperationAttribute Operation)> ClientMethods() =>
        typeof(SendGatewayClient).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (m, m.GetCustomAttribute<ApiOperationAttribute>()))
            .Where(p => p.Item2 is not null)
            .Select(p => (p.m, p.Item2!))
            .ToList();

    [Test]
    public void EveryOperationOfTheOpenApiDocumentHasOneClientMethodWithItsMethodAndPath()
    {
        var operations = Operations();
        Assert.That(operations, Has.Count.GreaterThan(60), "the document was read");
        var methods = ClientMethods();
        var missing = operations.Where(o => !methods.Any(m => m.Operation.OperationId == o.Id)).Select(o => $"{o.Method} {o.Path} ({o.Id})").ToList();
        Assert.That(missing, Is.Empty, "operations without a client method");
        foreach (var (id, method, path) in operations)
        {
            var matching = methods.Where(m => m.Operation.OperationId == id).ToList();
            Assert.That(matching, Has.Count.EqualTo(1), id);
            Assert.That((matching[0].Operation.Method, matching[0].Operation.Path), Is.EqualTo((method, path)), id);
        }
    }

    [Test]
    public void EveryClientMethodNamesAnOperationThatExistsAndIsAsyncWithACancellationToken()
    {
        var ids = Operations().Select(o => o.Id).ToHashSet();
        foreach (var (method, operation) in ClientMethods())
        {
            Assert.That(ids, Does.Contain(operation.OperationId), $"{method.DeclaringType!.Name}.{method.Name} names an operation the API does not have");
            Assert.That(method.Name, Does.EndWith("Async"), method.Name);
            Assert.That(method.GetParameters().Last().ParameterType, Is.EqualTo(typeof(CancellationToken)), method.Name);
        }
    }
}
