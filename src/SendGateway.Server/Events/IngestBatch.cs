using Npgsql;
using SendGateway.Server.EventContract;

namespace SendGateway.Server.Events;

/// <summary>A batch being stored: its events, and the connection and transaction every <see cref="IIngestStep"/> writes in.</summary>
internal sealed record IngestBatch(IReadOnlyList<EventRecord> Events, NpgsqlConnection Connection, NpgsqlTransaction Transaction);
