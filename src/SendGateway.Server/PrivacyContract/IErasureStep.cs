namespace SendGateway.Server.PrivacyContract;

/// <summary>
/// One folder's part of erasing recipients (<c>POST /v1/privacy/erasures</c>): it removes or replaces the rows of its own
/// tables that name the people of the <see cref="ErasureBatch"/>, in the batch's transaction, and adds what it removed
/// to the batch's counts. Privacy runs the steps in its one declared order (<c>Privacy/PrivacySteps</c>).
/// </summary>
internal interface IErasureStep
{
    Task EraseAsync(ErasureBatch batch, CancellationToken cancellationToken);
}
