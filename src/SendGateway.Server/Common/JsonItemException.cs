using System.Text.Json;

namespace SendGateway.Server.Common;

/// <summary>
/// An array item a custom converter read with a serializer call of its own refused: the item's error and its index,
/// raised without a path so the serializer puts the array's own path on it; <see cref="JsonBodyErrors"/> joins the two
/// (<c>$.to</c>, <c>[0]</c> and the item's <c>.emial</c>) so the caller is told where in the body the fault is.
/// </summary>
internal sealed class JsonItemException(int index, JsonException item) : JsonException(null, item)
{
    public int Index { get; } = index;

    public JsonException Item { get; } = item;
}
