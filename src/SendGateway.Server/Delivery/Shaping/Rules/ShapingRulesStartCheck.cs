using Microsoft.Extensions.Options;

namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// Reads the rules files with the options, before the host starts (and before any command touches a store): a bad file
/// stops the start with the one line naming the file and the line, as a wrong setting does (<c>StartupFailure</c>).
/// </summary>
internal sealed class ShapingRulesStartCheck : IValidateOptions<ShapingRulesOptions>
{
    public ValidateOptionsResult Validate(string? name, ShapingRulesOptions options)
    {
        try
        {
            var shipped = ShapingRulesLoader.Shipped(options);
            var operatorFile = string.IsNullOrWhiteSpace(options.OperatorFile)
                ? null
                : ShapingRulesLoader.Parse(options.OperatorFile, ShapingRulesLoader.Read(options.OperatorFile, options), options);
            ShapingRulesLoader.Merge(shipped, operatorFile, options);
            return ValidateOptionsResult.Success;
        }
        catch (ShapingRulesException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
