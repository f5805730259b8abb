using System.Text.Json;
using System.Text.Json.Serialization;

namespace SendGateway.Server.Messages;

/// <summary>
/// A recipients list read from JSON keeping at most <see cref="MaxKept"/> entries and skipping the rest unread: one past
/// the largest <see cref="MessagesOptions.MaxRecipients"/> allowed, so the cap still refuses the request (422) while a
/// million-entry array (reliability.md T40) costs its bytes, not a million objects.
/// </summary>
internal sealed class BoundedListConverter<T> : JsonConverter<List<T>>
{
    public const int MaxKept = 10_001;

    public override List<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException(); // no message: the serializer says "could not be converted" with the property's path
        }

        var list = new List<T>();
        for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
        {
            if (list.Count >= MaxKept)
            {
                reader.Skip();
                continue;
            }

            try
            {
                list.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
            }
            catch (JsonException e)
            {
                throw new JsonItemException(index, e); // the item's own call knows only its path inside the item
            }
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            JsonSerializer.Serialize(writer, item, options);
        }

        writer.WriteEndArray();
    }
}
