namespace SendGateway.Server.Common;

internal static class DomainNames
{
    /// <summary>A lower-case host name of at least two labels, letters, digits and hyphens, within DNS limits.</summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > 253 || !name.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
