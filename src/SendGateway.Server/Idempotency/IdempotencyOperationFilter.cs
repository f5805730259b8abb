using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SendGateway.Server.Idempotency;

/// <summary>Documents the optional <c>Idempotency-Key</c> header on the endpoints that honour it.</summary>
internal sealed class IdempotencyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotencyHeaderMetadata>().Any())
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyFilter.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Replays the first response for the same key and body within 24 h; 422 for a different body, 409 while the first is still running.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 256 },
        });
    }
}
