namespace SendGateway.Server.Events;

/// <summary>
/// One slice's part of storing an ingest batch, run by <see cref="EventStore"/> inside the batch's transaction, at its
/// place in <see cref="IngestOrder"/>. Two temporary tables are there to read: <c>ev_stage</c> holds every event of the
/// batch (columns of <c>events</c> plus <c>rank</c> and the first event's <c>subject</c>, which only the message's row keeps), <c>ev_new</c> those stored for the first time (<c>id, tenant_id,
/// type, occurred_at, message_id, email</c>, the recipient lower-cased): a batch read again after a failure adds nothing
/// twice. A step placed before the insert into <c>events</c> may complete or delete rows of <c>ev_stage</c> (<c>ev_new</c>
/// does not exist yet). Each slice owns its SQL; events only owns the staging and the <c>events</c> table.
/// </summary>
internal interface IIngestStep
{
    Task ApplyAsync(IngestBatch batch, CancellationToken cancellationToken);
}
